import { build, type Histogram } from 'hdr-histogram-js';

/** Latencies are kept in tenths of a millisecond: the resolution of the request log. */
const UNITS_PER_MS = 10;

/**
 * Latencies of many requests in an HDR histogram (hdr-histogram-js, 3 significant digits):
 * constant memory whatever the number of requests, merged by adding counts. Percentiles are
 * nearest-rank, as the lowest value of the bucket that holds the rank: exact below 204.8 ms, and
 * within 0.1 % above (a 500.0 ms answer is reported as 500.0 ms, never above it).
 */
export class LatencyHistogram {
  private readonly h: Histogram = build({ useWebAssembly: false, numberOfSignificantValueDigits: 3, autoResize: true });
  private max = 0;

  record(ms: number): void {
    const v = ms > 0 ? Math.round(ms * UNITS_PER_MS) : 0;
    this.h.recordValue(v);
    if (ms > this.max) this.max = ms;
  }

  /** Adds another histogram's counts to this one. */
  add(o: LatencyHistogram): void {
    if (o.count === 0) return;
    this.h.add(o.h);
    this.max = Math.max(this.max, o.max);
  }

  get count(): number {
    return this.h.totalCount;
  }

  /** Nearest-rank percentile `p` (0-100), ms; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const v = this.h.getValueAtPercentile(p);
    return (this.h as unknown as { lowestEquivalentValue(x: number): number }).lowestEquivalentValue(v) / UNITS_PER_MS;
  }

  /** The largest latency recorded, exact, ms; 0 when empty. */
  get maxMs(): number {
    return this.max;
  }
}
