/**
 * Where the slots a load pod was given but never reported belong in time. The pod sent on a fixed
 * schedule (rate r over [from, to]); its records are counted per bucket of `widthMs`, and the
 * missing slots go to the buckets that fell short of the schedule by more than one slot, in proportion to how far, spaced
 * evenly inside each (a restart leaves a hole where the pod was down: the slots land in it). When
 * no bucket fell short (lines lost from an otherwise full log) they are spread over the window.
 */
export class SlotHistogram {
  readonly from: number;
  readonly to: number;
  readonly widthMs: number;
  private readonly counts: Uint32Array;

  constructor(from: number, to: number, widthMs = 100) {
    this.from = from;
    this.to = Math.max(from, to);
    this.widthMs = widthMs;
    this.counts = new Uint32Array(Math.max(1, Math.ceil((this.to - this.from) / widthMs)));
  }

  /** Counts one slot by its send (or due) time; times outside the window count in its first or last bucket. */
  add(t: number): void {
    const i = Math.floor((t - this.from) / this.widthMs);
    this.counts[Math.min(this.counts.length - 1, Math.max(0, i))]++;
  }

  private bucket(i: number): { start: number; end: number } {
    const start = this.from + i * this.widthMs;
    return { start, end: Math.min(this.to, start + this.widthMs) };
  }

  /** Times for `missing` slots of a stream scheduled at `rate` requests/s. */
  place(missing: number, rate: number): number[] {
    if (missing <= 0) return [];
    const n = this.counts.length;
    const deficit = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const b = this.bucket(i);
      // One slot short is the schedule's own granularity at a bucket's edge, not a hole.
      deficit[i] = Math.max(0, (rate * (b.end - b.start)) / 1000 - this.counts[i] - 1);
      total += deficit[i];
    }
    if (total <= 0) {
      deficit.fill(1);
      total = n;
    }
    const share = Array.from(deficit, (d, i) => ({ i, exact: (missing * d) / total }));
    const given = share.map((s) => Math.floor(s.exact));
    let left = missing - given.reduce((a, b) => a + b, 0);
    for (const s of [...share].sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.i - b.i)) {
      if (left <= 0) break;
      given[s.i]++;
      left--;
    }
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = given[i];
      if (!k) continue;
      const b = this.bucket(i);
      const step = (b.end - b.start) / k;
      for (let j = 0; j < k; j++) out.push(b.start + (j + 0.5) * step);
    }
    return out;
  }
}

/** Slots a schedule at `rate` requests/s holds from `from` to `to` (slot 0 at `from`, as the stream scheduler sends). */
export function scheduledSlots(from: number, to: number, rate: number): number {
  if (!(to >= from) || !(rate > 0)) return 0;
  return Math.floor(((to - from) * rate) / 1000) + 1;
}
