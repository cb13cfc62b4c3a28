import { type Coverage, coverage } from './intervals.ts';

const FIRST_CAPACITY = 16;

/**
 * Failed requests' [start, end] intervals, kept for their union (coverage): two numbers each in
 * typed arrays, not an array per interval, and merged as they come. An interval that starts
 * inside the last one kept extends it; when the arrays are full, they are sorted and merged into
 * the union's stretches, and grow only when the union itself needs the room. The union (a set of
 * points) never changes by merging, so totalMs and longestMs are exactly those of coverage() over
 * every interval added: the same stretches, summed in the same order.
 */
export class SpanSet {
  private starts = new Float64Array(FIRST_CAPACITY);
  private ends = new Float64Array(FIRST_CAPACITY);
  private n = 0;

  /** Adds [start, end]; an empty one (end <= start) covers nothing and is left out, as coverage() does. */
  add(start: number, end: number): void {
    if (!(end > start)) return;
    const last = this.n - 1;
    if (last >= 0 && start >= this.starts[last] && start <= this.ends[last]) {
      if (end > this.ends[last]) this.ends[last] = end;
      return;
    }
    if (this.n === this.starts.length) this.makeRoom();
    this.starts[this.n] = start;
    this.ends[this.n] = end;
    this.n++;
  }

  /** Adds every interval of another set. */
  addAll(o: SpanSet): void {
    for (let i = 0; i < o.n; i++) this.add(o.starts[i], o.ends[i]);
  }

  /** Length of the union and its longest stretch, ms: coverage() of its stretches. */
  coverage(): Coverage {
    this.merge();
    return coverage(Array.from({ length: this.n }, (_, i) => [this.starts[i], this.ends[i]] as const));
  }

  clear(): void {
    this.n = 0;
    if (this.starts.length > FIRST_CAPACITY) {
      this.starts = new Float64Array(FIRST_CAPACITY);
      this.ends = new Float64Array(FIRST_CAPACITY);
    }
  }

  private makeRoom(): void {
    this.merge();
    if (this.n <= this.starts.length / 2) return;
    const starts = new Float64Array(this.starts.length * 2);
    const ends = new Float64Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** Sorts by start and merges overlapping and touching intervals into the union's stretches, in place. */
  private merge(): void {
    if (this.n < 2) return;
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    order.sort((a, b) => this.starts[a] - this.starts[b]);
    const s = this.starts.slice(0, this.n);
    const e = this.ends.slice(0, this.n);
    let k = -1;
    for (const i of order) {
      if (k >= 0 && s[i] <= this.ends[k]) {
        if (e[i] > this.ends[k]) this.ends[k] = e[i];
        continue;
      }
      k++;
      this.starts[k] = s[i];
      this.ends[k] = e[i];
    }
    this.n = k + 1;
  }
}
