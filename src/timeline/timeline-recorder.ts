import { NdjsonWriter, readNdjson } from '../util/index.ts';
import type { TimelineEvent, TimelineSink } from './types.ts';

/**
 * A TimelineSink that stamps each event (`t` = Date.now() unless given), appends it as one
 * NDJSON line to `path` (so a killed run keeps what was emitted) and keeps every event in
 * memory, in emit order.
 */
export class TimelineRecorder implements TimelineSink {
  readonly path: string;
  private readonly file: NdjsonWriter;
  private readonly list: TimelineEvent[] = [];

  constructor(path: string) {
    this.path = path;
    this.file = new NdjsonWriter(path, 'timeline');
  }

  emit(event: Omit<TimelineEvent, 't'> & { t?: number }): void {
    const stamped: TimelineEvent = { ...event, t: event.t ?? Date.now() };
    this.list.push(stamped);
    this.file.writeValue(stamped);
  }

  /** Events emitted so far (a copy). */
  events(): TimelineEvent[] {
    return [...this.list];
  }

  /** Flushes and closes the file. Idempotent; later emits stay in memory only. */
  close(): Promise<void> {
    return this.file.close();
  }
}

function asEvent(v: unknown): TimelineEvent | undefined {
  const e = v as TimelineEvent | null;
  return e && typeof e === 'object' && typeof e.t === 'number' && typeof e.kind === 'string' ? e : undefined;
}

/** Reads a timeline NDJSON file; a truncated last line is skipped. Events come sorted by t. */
export async function readTimeline(path: string): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  for await (const e of readNdjson(path, 'timeline event', asEvent)) out.push(e);
  return out.sort((a, b) => a.t - b.t);
}
