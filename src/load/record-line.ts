import type { RequestRecord } from './types.ts';

const BLOCK = 256 * 1024;
/** Longest line the encoder writes without checking: numbers and two cached strings. */
const ROOM = 512;
const C = { open: 0x5b, close: 0x5d, comma: 0x2c, dot: 0x2e, minus: 0x2d, nl: 0x0a, zero: 0x30 };

/**
 * Encodes request records as the request log's JSON array lines straight into a byte block,
 * with no string per record: numbers are written digit by digit (t and ms rounded to 0.1 ms,
 * written as JSON writes them), pod names and error codes are quoted once and copied. The
 * output is plain JSON (read back from its bytes by record-fields.ts, or by JSON.parse); this
 * only makes writing cheap enough to record every request at full speed (see docs/load-engine.md).
 */
export class RecordLineEncoder {
  private buf: Buffer = Buffer.allocUnsafe(BLOCK);
  private pos = 0;
  /** Blocks written out and handed back (recycle()): reused, so writing allocates no memory per flush. */
  private readonly spare: Buffer[] = [];
  private readonly quoted = new Map<string, Buffer>();
  private readonly epoch: number;

  constructor(epoch: number) {
    this.epoch = epoch;
  }

  get size(): number {
    return this.pos;
  }

  /**
   * `[t, ms, code, pod, conn, fresh, stream, lag]\n`, then `loader` when the record has one and `seq`
   * when given (a load agent's line number, see load/agent/agent-lines.ts); returns the bytes filled so far.
   */
  add(r: RequestRecord, seq?: number): number {
    if (this.pos + ROOM + r.pod.length * 6 > this.buf.length) this.grow(r.pod.length * 6 + ROOM);
    const b = this.buf;
    b[this.pos++] = C.open;
    this.tenths(r.t - this.epoch);
    b[this.pos++] = C.comma;
    this.tenths(r.ms);
    b[this.pos++] = C.comma;
    if (typeof r.code === 'number' && Number.isSafeInteger(r.code) && r.code >= 0) this.int(r.code);
    else this.str(String(r.code));
    b[this.pos++] = C.comma;
    this.str(r.pod);
    b[this.pos++] = C.comma;
    this.int(r.conn);
    b[this.pos++] = C.comma;
    b[this.pos++] = r.fresh ? C.zero + 1 : C.zero;
    b[this.pos++] = C.comma;
    b[this.pos++] = r.stream === 'keep-alive' ? C.zero : C.zero + 1;
    b[this.pos++] = C.comma;
    this.tenths(r.lag ?? 0);
    if (r.loader !== undefined) {
      b[this.pos++] = C.comma;
      this.int(r.loader);
    }
    if (seq !== undefined) {
      b[this.pos++] = C.comma;
      this.int(seq);
    }
    b[this.pos++] = C.close;
    b[this.pos++] = C.nl;
    return this.pos;
  }

  /**
   * The bytes written so far; the encoder goes on in another block. The returned bytes stay
   * untouched until handed back with recycle(block) (once the file write is done).
   */
  take(): { bytes: Buffer; block: Buffer } {
    const out = { bytes: this.buf.subarray(0, this.pos), block: this.buf };
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(BLOCK);
    this.pos = 0;
    return out;
  }

  recycle(block: Buffer): void {
    if (block.length === BLOCK && this.spare.length < 4) this.spare.push(block);
  }

  private grow(extra: number): void {
    const next = Buffer.allocUnsafe(Math.max(BLOCK, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private tenths(v: number): void {
    const d = Math.round(v * 10);
    if (!Number.isSafeInteger(d)) return this.ascii(JSON.stringify(Math.round(v * 10) / 10));
    let a = d;
    if (a < 0) {
      a = -a;
      if (a !== 0) this.buf[this.pos++] = C.minus;
    }
    const frac = a % 10;
    this.int((a - frac) / 10);
    if (frac !== 0) {
      this.buf[this.pos++] = C.dot;
      this.buf[this.pos++] = C.zero + frac;
    }
  }

  /** A non-negative safe integer, in decimal. */
  private int(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = C.zero + n;
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let x = n; digits-- > 0; x = Math.floor(x / 10)) this.buf[--p] = C.zero + (x % 10);
  }

  private str(s: string): void {
    let q = this.quoted.get(s);
    if (!q) {
      q = Buffer.from(JSON.stringify(s), 'utf8');
      if (this.quoted.size < 10_000) this.quoted.set(s, q);
    }
    if (this.pos + q.length > this.buf.length) this.grow(q.length);
    q.copy(this.buf, this.pos);
    this.pos += q.length;
  }

  private ascii(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }
}
