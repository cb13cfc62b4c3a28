import type { RequestRecord, StreamName } from '../load/index.ts';
import type { Outcome } from '../metrics/index.ts';
import { requestEnd } from '../metrics/index.ts';
import type { PhaseName } from '../timeline/index.ts';
import type { OutcomeCounts } from './progress.ts';

/** Width of a live outcome bin, ms. */
export const BIN_MS = 1000;

export interface OutcomeBin {
  stream: StreamName;
  phase: PhaseName;
  t: number;
  counts: OutcomeCounts;
}

/**
 * Counts records per stream, phase and BIN_MS bin of their end time, and hands them out in
 * batches (take), so a listener gets one event per bin and tick, never one per record.
 */
export class OutcomeBins {
  private pending = new Map<string, OutcomeBin>();

  add(r: RequestRecord, outcome: Outcome, phase: PhaseName): void {
    const t = Math.floor(requestEnd(r) / BIN_MS) * BIN_MS;
    const key = `${r.stream} ${phase} ${t}`;
    let bin = this.pending.get(key);
    if (!bin) this.pending.set(key, (bin = { stream: r.stream, phase, t, counts: {} }));
    bin.counts[outcome] = (bin.counts[outcome] ?? 0) + 1;
  }

  /** The bins counted since the previous take. */
  take(): OutcomeBin[] {
    const out = [...this.pending.values()];
    this.pending.clear();
    return out;
  }
}
