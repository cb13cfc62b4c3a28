import type { Command } from 'commander';
import { check } from '../api/index.ts';
import { type CheckResult, formatCheck, formatSarif } from '../check/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { VERSION } from '../version.ts';
import { checkFlags } from './check-flags.ts';
import { choiceFlag, collectText, textFlag } from './parse-flags.ts';
import { withInterrupts } from './with-interrupts.ts';

const FORMATS = ['text', 'json', 'sarif'] as const;
type CheckFormat = (typeof FORMATS)[number];

interface CheckFlags {
  manifest?: string[];
  image?: string;
  proof: boolean;
  json?: boolean;
  format?: CheckFormat;
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
    .option(
      '--format <format>',
      'text | json | sarif (SARIF 2.1.0 for GitHub code scanning) (default: text)',
      choiceFlag('--format', FORMATS),
    )
    .option('--json', 'same as --format json: the findings and proof results as one JSON document')
    .option('--scenario-dir <dir>', 'scenario catalogue directory (default: the shipped scenarios/)', textFlag('--scenario-dir'))
    .action(async (scenarios: string[], flags: CheckFlags) => {
      checkFlags({ manifest: flags.manifest, image: flags.image, scenarioDir: flags.scenarioDir });
      const format = outputFormat(flags);
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
          else process.stdout.write(`${render(r.results, format)}\n`);
          return r.exitCode;
        }),
      );
    });
}

/** --format, with --json as its alias; both at once must agree. */
function outputFormat(flags: CheckFlags): CheckFormat {
  if (flags.json && flags.format !== undefined && flags.format !== 'json')
    throw new ZerodropError(`is --format json, and --format ${flags.format} is given`, { field: '--json', hint: 'drop one of them' });
  return flags.format ?? (flags.json ? 'json' : 'text');
}

function render(results: CheckResult[], format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ results }, null, 2);
  if (format === 'sarif') return JSON.stringify(formatSarif(results, { toolVersion: VERSION }), null, 2);
  return formatCheck(results);
}
