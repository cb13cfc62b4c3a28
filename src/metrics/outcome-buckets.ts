import type { RequestRecord } from '../load/index.ts';
import type { PhaseBoundaries } from '../timeline/index.ts';
import { classify } from './classify.ts';
import { requestEnd } from './request-end.ts';
import { OUTCOMES, type Outcome, type OutcomeBuckets } from './types.ts';

/** Bucket widths to choose from, ms: the smallest that keeps a run within MAX_BUCKETS. */
const WIDTHS = [100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 3_600_000];
const MAX_BUCKETS = 150;

/** Bucket width for a run of `durationMs`: a round value giving at most MAX_BUCKETS buckets. */
export function bucketWidth(durationMs: number): number {
  return WIDTHS.find((w) => durationMs / w <= MAX_BUCKETS) ?? Math.ceil(durationMs / MAX_BUCKETS / 1000) * 1000;
}

/**
 * Request outcomes counted per time bucket by END time (the phase rule: when the outcome became
 * known), from the baseline start to the end of recovery. Like the phase stats (Phases.phaseOfEnd),
 * every slot counts: one that ended before the baseline start (the warm-up) in the first bucket,
 * one that ended at or after the end of recovery (in flight when sending stopped) in the last.
 * Fed while the request log is read.
 */
export class OutcomeBucketer {
  private readonly ms: number;
  private readonly start: number;
  private readonly counts: Record<Outcome, number[]>;

  constructor(b: PhaseBoundaries) {
    this.start = b.baseline;
    this.ms = bucketWidth(Math.max(0, b.end - b.baseline));
    const n = Math.max(1, Math.ceil((b.end - b.baseline) / this.ms));
    this.counts = Object.fromEntries(OUTCOMES.map((o) => [o, new Array<number>(n).fill(0)])) as Record<Outcome, number[]>;
  }

  /** `outcome` when already classified (saves a second classify on the hot path). */
  add(r: RequestRecord, outcome: Outcome = classify(r.code)): void {
    const last = this.counts[outcome].length - 1;
    const i = Math.floor((requestEnd(r) - this.start) / this.ms);
    this.counts[outcome][Math.min(last, Math.max(0, i))]++;
  }

  result(): OutcomeBuckets {
    return {
      ms: this.ms,
      start: this.start,
      counts: Object.fromEntries(OUTCOMES.map((o) => [o, [...this.counts[o]]])) as Record<Outcome, number[]>,
    };
  }
}
