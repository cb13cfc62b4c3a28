import type { Command } from 'commander';
import { ExitCode } from '../api/index.ts';
import { buildZerodropImage, IMAGE_TAGS } from '../offline-cluster/index.ts';
import { withInterrupts } from './with-interrupts.ts';

/** `zerodrop image build`: zerodrop's own image, the installed package on the offline Node base (images/zerodrop/). */
export function registerImageCommand(program: Command, setExit: (code: number) => void): void {
  const image = program.command('image').description("zerodrop's own container image, built without a container registry");
  image
    .command('build')
    .description(
      'pack zerodrop, install it with its production dependencies and build zerodrop/zerodrop:<version> on the offline Node base',
    )
    .option('--base <image>', 'base image (built by zerodrop cluster image --offline)', IMAGE_TAGS.appBase)
    .action(async (flags: { base: string }) => {
      setExit(
        await withInterrupts(async () => {
          const { tag } = await buildZerodropImage({ base: flags.base, log: (line) => process.stderr.write(`${line}\n`) });
          process.stdout.write(`${tag}\n`);
          return ExitCode.Ok;
        }),
      );
    });
}
