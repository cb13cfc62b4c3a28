/** The public face of errors/: everything other modules use from it. */
export { CommandError } from './command-error.ts';
export { ExitCode } from './exit-codes.ts';
export { ZerodropError, inputError } from './zerodrop-error.ts';
