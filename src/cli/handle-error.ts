import { ExitCode, ZerodropError } from '../errors/index.ts';

/** Prints an error as one line (stack only with --verbose) and returns the exit code. */
export function handleError(err: unknown, verbose: boolean): number {
  if (err instanceof ZerodropError) {
    process.stderr.write(`zerodrop: ${err.oneLine()}\n`);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    if (verbose && err.cause) process.stderr.write(`caused by: ${String((err.cause as Error)?.stack ?? err.cause)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`zerodrop: ${message.split('\n')[0]}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return ExitCode.BadInput;
}
