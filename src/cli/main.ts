import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors/index.ts';
import { VERSION } from '../version.ts';
import { registerCheckCommand } from './check.ts';
import { registerCleanupCommand } from './cleanup.ts';
import { registerClusterCommand } from './cluster.ts';
import { registerCompareCommand } from './compare.ts';
import { registerDemoCommand } from './demo.ts';
import { handleError } from './handle-error.ts';
import { registerImageCommand } from './image.ts';
import { registerListCommand } from './list.ts';
import { registerRunCommand } from './run.ts';

/** The zerodrop command tree (tests read its commands and flags); actions report their exit code through setExit. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('zerodrop')
    .description('zero-downtime rollout chaos tests: which Deployment configs lose traffic, and why')
    .version(VERSION)
    .option('--verbose', 'stack traces and details on errors')
    .exitOverride()
    .showHelpAfterError('(run zerodrop --help for usage)');
  registerRunCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerListCommand(program);
  registerClusterCommand(program, setExit);
  registerImageCommand(program, setExit);
  registerCleanupCommand(program, setExit);
  registerCheckCommand(program, setExit);
  registerCompareCommand(program, setExit);
  return program;
}

/** Entry point: parses argv, runs the command, returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return ExitCode.Ok;
      const cause = (err as { cause?: unknown }).cause;
      return cause ? handleError(cause, verbose) : ExitCode.BadInput;
    }
    return handleError(err, verbose);
  }
}
