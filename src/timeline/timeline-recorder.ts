import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import type { TimelineEvent, TimelineSink } from './types.ts';

/**
 * A TimelineSink that stamps each event (`t` = Date.now() unless given), appends it as one
 * NDJSON line to `path` through a WriteStream (so a killed run keeps what was emitted) and
 * keeps every event in memory, in emit order.
 */
export class TimelineRecorder implements TimelineSink {
  readonly path: string;
  private readonly stream: WriteStream;
  private readonly list: TimelineEvent[] = [];
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(path: string) {
    this.path = path;
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', (err) => { this.failure = err; });
  }

  emit(event: Omit<TimelineEvent, 't'> & { t?: number }): void {
    const stamped: TimelineEvent = { ...event, t: event.t ?? Date.now() };
    this.list.push(stamped);
    if (!this.closing && !this.failure) this.stream.write(`${JSON.stringify(stamped)}\n`);
  }

  /** Events emitted so far (a copy). */
  events(): TimelineEvent[] {
    return [...this.list];
  }

  /** Flushes and closes the file. Idempotent; later emits stay in memory only. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure && !this.stream.closed) {
        this.stream.end();
        await Promise.race([once(this.stream, 'close'), once(this.stream, 'error')]).catch(() => undefined);
      }
      if (this.failure) {
        throw new ZerodropError(`cannot write timeline: ${this.failure.message}`, { file: this.path, cause: this.failure });
      }
    })();
    return this.closing;
  }
}

/** Reads a timeline NDJSON file; a truncated last line is skipped. Events come sorted by t. */
export async function readTimeline(path: string): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let bad: number | undefined;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    if (bad !== undefined) throw new ZerodropError('malformed timeline event', { file: path, field: `line ${bad}` });
    let e: TimelineEvent | undefined;
    try { e = JSON.parse(line) as TimelineEvent; } catch { e = undefined; }
    if (e && typeof e.t === 'number' && typeof e.kind === 'string') out.push(e);
    else bad = n;
  }
  return out.sort((a, b) => a.t - b.t);
}
