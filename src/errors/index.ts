/** The public face of errors/: everything other modules use from it. */
export { CommandError } from './command-error.ts';
export { ExitCode } from './exit-codes.ts';
export { inputError, ZerodropError } from './zerodrop-error.ts';
