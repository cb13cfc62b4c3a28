import type { Command } from 'commander';
import { check } from '../api/index.ts';
import { formatCheck } from '../check/index.ts';
import { checkFlags } from './check-flags.ts';
import { collectText, textFlag } from './parse-flags.ts';
import { withInterrupts } from './with-interrupts.ts';

interface CheckFlags {
  manifest?: string[];
  image?: string;
  proof: boolean;
  json?: boolean;
  scenarioDir?: string;
}

/**
 * `zerodrop check`: static rules over manifests, Dockerfile and entrypoint scripts, then the
 * proof in the local Docker engine. Exit 0 with no error-level finding, 1 with one, 2 on bad input.
 */
export function registerCheckCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('review Deployments for settings that lose requests (static rules), then prove PID 1, readiness and SIGTERM in Docker')
    .argument('[scenario...]', 'scenario names (default: every scenario, unless --manifest is given)')
    .option('--manifest <file>', 'your own Deployment + Service manifest (repeatable)', collectText('--manifest'))
    .option(
      '--image <image>',
      "with --manifest: the image for the Deployment's first container, already in the local Docker engine",
      textFlag('--image'),
    )
    .option('--no-proof', 'static rules only: do not run the image')
    .option('--json', 'print the findings and proof results as one JSON document')
    .option('--scenario-dir <dir>', 'scenario catalogue directory (default: the shipped scenarios/)', textFlag('--scenario-dir'))
    .action(async (scenarios: string[], flags: CheckFlags) => {
      checkFlags({ manifest: flags.manifest, image: flags.image, scenarioDir: flags.scenarioDir });
      setExit(
        await withInterrupts(async (signal) => {
          const r = await check({
            scenarios,
            manifests: flags.manifest,
            image: flags.image,
            scenarioRoot: flags.scenarioDir,
            proof: flags.proof,
            signal,
            log: (line) => process.stderr.write(`${line}\n`),
          });
          if (r.interrupted) process.stderr.write('zerodrop: check interrupted\n');
          else process.stdout.write(flags.json ? `${JSON.stringify({ results: r.results }, null, 2)}\n` : `${formatCheck(r.results)}\n`);
          return r.exitCode;
        }),
      );
    });
}
