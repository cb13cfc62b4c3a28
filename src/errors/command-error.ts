import { ZerodropError, type ZerodropErrorOptions } from './zerodrop-error.ts';

/** A child command that failed; carries its stderr so the user sees why. */
export class CommandError extends ZerodropError {
  readonly command: string;
  readonly stderr: string;
  readonly code: number | null;

  constructor(command: string, code: number | null, stderr: string, opts: ZerodropErrorOptions = {}) {
    const last = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
    super(`${command} failed (exit ${code ?? 'signal'})${last ? `: ${last}` : ''}`, opts);
    this.name = 'CommandError';
    this.command = command;
    this.stderr = stderr;
    this.code = code;
  }
}
