const C = { open: 0x5b, close: 0x5d, comma: 0x2c, quote: 0x22, backslash: 0x5c, dot: 0x2e, minus: 0x2d, zero: 0x30, nine: 0x39 };
/** More columns than any record line has: such a line is left to JSON.parse. */
const MAX_FIELDS = 12;
/** Digits a number may have here: its digits as an integer stay exact (below 2^53). */
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);
/** Distinct strings remembered (pod names, error codes); past that, new ones are decoded each time. */
const MAX_STRINGS = 10_000;

/**
 * Reads a request log's record line, a JSON array of numbers and plain strings such as
 * `[5,1.2,200,"web-a",1,1,0,0]`, straight from its bytes into `fields`: no string per line, no
 * array per line, and each distinct string (a pod name, an error code) made once. Only a line of
 * that plain shape is read (no whitespace, exponent or escape, ASCII strings, at most 15 digits
 * per number); for any other decode() returns -1 and the caller parses it with JSON.parse. What it
 * reads equals what JSON.parse gives: a number of m digits with k after the point is m / 10^k,
 * both exact, and the one division rounds to the nearest double, as JSON.parse does.
 */
export class RecordFieldDecoder {
  /** The fields of the last line decoded; only the first decode()'s count are that line's. */
  readonly fields: Array<number | string> = new Array(MAX_FIELDS).fill(0);
  private readonly strings = new Map<number, string>();

  /** The number of fields of the line buf[start, end), or -1 when it is not of the plain shape. */
  decode(buf: Buffer, start: number, end: number): number {
    const last = end - 1;
    if (end - start < 2 || buf[start] !== C.open || buf[last] !== C.close) return -1;
    let p = start + 1;
    if (p === last) return 0;
    for (let n = 0; n < MAX_FIELDS; ) {
      p = buf[p] === C.quote ? this.string(buf, p + 1, last, n) : this.number(buf, p, last, n);
      if (p < 0) return -1;
      n++;
      if (p === last) return n;
      if (buf[p] !== C.comma) return -1;
      p++;
    }
    return -1;
  }

  /** A number from p into fields[n]; returns the position after it, or -1. */
  private number(buf: Buffer, p: number, last: number, n: number): number {
    const negative = buf[p] === C.minus;
    if (negative) p++;
    const first = p;
    let m = 0;
    while (p < last && buf[p] >= C.zero && buf[p] <= C.nine) m = m * 10 + buf[p++] - C.zero;
    const whole = p - first;
    if (whole === 0 || (whole > 1 && buf[first] === C.zero)) return -1;
    let k = 0;
    if (buf[p] === C.dot) {
      p++;
      while (p < last && buf[p] >= C.zero && buf[p] <= C.nine) {
        m = m * 10 + buf[p++] - C.zero;
        k++;
      }
      if (k === 0) return -1;
    }
    if (whole + k > MAX_DIGITS) return -1;
    const v = k === 0 ? m : m / POW10[k];
    this.fields[n] = negative ? -v : v;
    return p;
  }

  /** A plain ASCII string whose first character is at p into fields[n]; returns the position after its closing quote, or -1. */
  private string(buf: Buffer, p: number, last: number, n: number): number {
    let h = 0x811c9dc5;
    let q = p;
    for (; q < last; q++) {
      const c = buf[q];
      if (c === C.quote) break;
      if (c < 0x20 || c >= 0x80 || c === C.backslash) return -1;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (q >= last) return -1;
    this.fields[n] = this.intern(buf, p, q, h);
    return q + 1;
  }

  private intern(buf: Buffer, start: number, end: number, hash: number): string {
    if (start === end) return '';
    const key = (hash ^ (end - start)) >>> 0;
    const known = this.strings.get(key);
    if (known !== undefined && same(known, buf, start, end)) return known;
    const s = buf.toString('latin1', start, end);
    if (known === undefined && this.strings.size < MAX_STRINGS) this.strings.set(key, s);
    return s;
  }
}

function same(s: string, buf: Buffer, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}
