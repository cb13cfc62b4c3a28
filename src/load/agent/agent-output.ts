import type { Writable } from 'node:stream';
import { eventLine } from '../connection-event.ts';
import { RecordLineEncoder } from '../record-line.ts';
import { seqBase } from '../remote/agent-lines.ts';
import type { ConnectionEvent, RequestRecord } from '../types.ts';

const FLUSH_MS = 20;
const FLUSH_BYTES = 32 * 1024;

/**
 * The agent's stdout (load/remote/agent-lines.ts format): records through the request log's
 * encoder with the agent's index and a line number appended, batched (flushed at 32 KiB and at
 * least every 20 ms, as the request log is); control lines go out in order after the records
 * before them. The container runtime turns stdout into the pod log the harness follows.
 */
export class AgentOutput {
  private readonly out: Writable;
  private readonly lines: RecordLineEncoder;
  private readonly loader: number;
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  private readonly base: number;

  constructor(out: Writable, epoch: number, loader: number) {
    this.out = out;
    this.lines = new RecordLineEncoder(epoch);
    this.loader = loader;
    this.base = seqBase(epoch);
  }

  /** Records written so far. */
  get seq(): number {
    return this.n;
  }

  record(r: RequestRecord): void {
    r.loader = this.loader;
    if (this.lines.add(r, this.base + ++this.n) >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** A connection event: a numbered line of the records' shape (load/connection-event.ts). */
  event(e: ConnectionEvent): void {
    this.record(eventLine(e));
  }

  control(value: object): void {
    this.flush();
    this.out.write(`${JSON.stringify(value)}\n`);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.size === 0) return;
    const { bytes, block } = this.lines.take();
    this.out.write(bytes, () => this.lines.recycle(block));
  }

  /** Flushes; resolves once the stream has taken every byte. */
  async close(): Promise<void> {
    this.flush();
    if (this.out.writableNeedDrain) await new Promise((r) => this.out.once('drain', r));
  }
}
