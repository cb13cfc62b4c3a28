import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { ZerodropError } from '../errors/index.ts';
import { scanNdjson } from './ndjson-scan.ts';

/**
 * The one NDJSON codec of the raw files (request logs, timelines). Writing: lines go to the file
 * as they are written (a killed run keeps them); a write error is kept and reported by close().
 */
export class NdjsonWriter {
  readonly path: string;
  private readonly what: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  /** `what` names the file's kind in errors ("request log", "timeline"). Truncates `path`. */
  constructor(path: string, what: string) {
    this.path = path;
    this.what = what;
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** False once closing or failed: nothing more is written. */
  get open(): boolean {
    return !this.closing && !this.failure;
  }

  /** One or more whole lines (each ending in \n); `done` runs when the bytes are written. */
  write(lines: string | Buffer, done?: () => void): void {
    if (this.open) this.stream.write(lines, done);
  }

  /** Writes one value as a line. */
  writeValue(v: unknown): void {
    this.write(`${JSON.stringify(v)}\n`);
  }

  /** Flushes and closes the file; resolves once everything is on disk. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure && !this.stream.closed) {
        this.stream.end();
        await Promise.race([once(this.stream, 'close'), once(this.stream, 'error')]).catch(() => undefined);
      }
      if (this.failure)
        throw new ZerodropError(`cannot write ${this.what}: ${this.failure.message}`, { file: this.path, cause: this.failure });
    })();
    return this.closing;
  }
}

/**
 * Streams the values of an NDJSON file through `accept` (which returns undefined for a value it
 * rejects, or throws a ZerodropError of its own). Blank lines are skipped; an unparseable or
 * rejected LAST line (a run killed mid-write) is skipped; one anywhere else is an error naming
 * the file and the line (scanNdjson, which reads the lines).
 */
export async function* readNdjson<T>(path: string, what: string, accept: (v: unknown, lineNo: number) => T | undefined): AsyncGenerator<T> {
  const batch: T[] = [];
  const take = (buf: Buffer, start: number, end: number, lineNo: number) => {
    let v: unknown;
    try {
      v = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      return false;
    }
    const out = accept(v, lineNo);
    if (out === undefined) return false;
    batch.push(out);
    return true;
  };
  for await (const _ of scanNdjson(path, what, take)) {
    for (const v of batch) yield v;
    batch.length = 0;
  }
}
