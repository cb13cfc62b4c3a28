import { ExitCode, type ExitCodeValue } from './exit-codes.ts';

export interface ZerodropErrorOptions {
  /** One line telling the user what to do about it. */
  hint?: string;
  /** File the bad input came from. */
  file?: string;
  /** Field inside that file, as a dotted path (spec.template.spec.containers[0].command). */
  field?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
}

/**
 * An error meant for the user: one line, no stack trace unless --verbose.
 * The CLI prints `message` (prefixed by file and field when known) and exits with `exitCode`.
 */
export class ZerodropError extends Error {
  readonly hint?: string;
  readonly file?: string;
  readonly field?: string;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, opts: ZerodropErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ZerodropError';
    this.hint = opts.hint;
    this.file = opts.file;
    this.field = opts.field;
    this.exitCode = opts.exitCode ?? ExitCode.BadInput;
  }

  /** The one line the CLI prints: `file: field: message (hint)`. */
  oneLine(): string {
    const where = [this.file, this.field].filter(Boolean).join(': ');
    const text = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${text} (hint: ${this.hint})` : text;
  }
}

/** Bad input in a file: names the file and the field. */
export function inputError(file: string, field: string, message: string, hint?: string): ZerodropError {
  return new ZerodropError(message, { file, field, hint });
}
