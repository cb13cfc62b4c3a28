import { type RequestRecord, STREAMS, type StreamName, type StreamPlan } from '../load/index.ts';
import type { Phases } from '../timeline/index.ts';
import { PHASES, type PhaseName } from '../timeline/index.ts';
import { classify } from './classify.ts';
import { PhaseCounter } from './phase-counter.ts';
import { requestEnd } from './request-end.ts';
import { FAILURE_OUTCOMES, type Outcome, type PhaseStats, type StreamStats } from './types.ts';

export { percentile } from './percentile.ts';

/** Per phase, both streams together, and each stream apart. */
export interface RunStats {
  phases: PhaseStats[];
  streams: StreamStats[];
}

type Counters = Record<PhaseName, PhaseCounter>;

const newCounters = (): Counters => Object.fromEntries(PHASES.map((n) => [n, new PhaseCounter()])) as Counters;
const statsOf = (c: Counters): PhaseStats[] => PHASES.map((n) => c[n].stats(n));
const byStreamOrder = <T extends { name: StreamName }>(a: T, b: T) => STREAMS.indexOf(a.name) - STREAMS.indexOf(b.name);

/**
 * One run's counts per stream and phase. A slot belongs to the phase in which its outcome
 * became known (requestEnd; Phases.phaseOfEnd: the warm-up's answers count in baseline, the
 * answers in flight when sending stopped in recovery). Apart from that, `sent` counts the
 * requests sent in each phase by send time: against the target (planned rate x phase length)
 * it tells whether the engine kept its schedule, whatever the latency.
 */
export class RunAggregator {
  private readonly streams = new Map<StreamName, { rate: number; counters: Counters }>();
  /** Both streams together; filled when the run is closed. */
  private combined: Counters = newCounters();
  private closed = false;

  private readonly phases: Phases;

  constructor(phases: Phases, plans: readonly StreamPlan[]) {
    this.phases = phases;
    for (const p of plans) this.stream(p.name, p.rate);
  }

  /** Counts one record (`outcome` when the caller already classified it). */
  add(r: RequestRecord, outcome: Outcome = classify(r.code)): void {
    if (this.closed) throw new Error('RunAggregator: record added after the run was closed');
    const s = this.stream(r.stream, 0);
    s.counters[this.phases.phaseOfEnd(requestEnd(r))].add(r, outcome, s.rate > 0 ? 1000 / s.rate : 0);
    const sentIn = outcome === 'dropped' ? undefined : this.phases.phaseOf(r.t);
    if (sentIn) s.counters[sentIn].addSent();
  }

  /** Per-stream counters with their failure intervals merged; the run is over. */
  private closedStreams(): Array<{ name: StreamName; rate: number; counters: Counters }> {
    const out = [...this.streams].map(([name, s]) => ({ name, ...s })).sort(byStreamOrder);
    if (!this.closed) {
      const combined = newCounters();
      for (const s of out) for (const n of PHASES) combined[n].absorb(s.counters[n], true);
      for (const s of out) for (const n of PHASES) s.counters[n].closeRun();
      for (const n of PHASES) combined[n].closeRun();
      this.combined = combined;
      this.closed = true;
    }
    return out;
  }

  result(): RunStats {
    const streams = this.closedStreams();
    return { phases: statsOf(this.combined), streams: streams.map((s) => ({ name: s.name, rate: s.rate, phases: statsOf(s.counters) })) };
  }

  /** Several runs' totals: counts and targets add, percentiles over every latency, disruption time summed per run. */
  static total(runs: readonly RunAggregator[]): RunStats {
    const combined = newCounters();
    const streams = new Map<StreamName, { rate: number; counters: Counters }>();
    for (const run of runs) {
      for (const s of run.closedStreams()) {
        const into = streams.get(s.name) ?? { rate: 0, counters: newCounters() };
        into.rate = Math.max(into.rate, s.rate);
        for (const n of PHASES) into.counters[n].absorb(s.counters[n], false);
        streams.set(s.name, into);
      }
      for (const n of PHASES) combined[n].absorb(run.combined[n], false);
    }
    const list = [...streams].map(([name, s]) => ({ name, rate: s.rate, phases: statsOf(s.counters) })).sort(byStreamOrder);
    return { phases: statsOf(combined), streams: list };
  }

  private stream(name: StreamName, rate: number): { rate: number; counters: Counters } {
    let s = this.streams.get(name);
    if (!s) {
      s = { rate, counters: newCounters() };
      const b = this.phases.boundaries;
      const lengths: Record<PhaseName, number> = {
        baseline: b.disruption - b.baseline,
        disruption: b.recovery - b.disruption,
        recovery: b.end - b.recovery,
      };
      for (const n of PHASES) s.counters[n].setWindow(lengths[n], rate);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** One run's stats from its records (read in one pass). */
export async function aggregateRecords(
  records: AsyncIterable<RequestRecord> | Iterable<RequestRecord>,
  phases: Phases,
  plans: readonly StreamPlan[] = [],
): Promise<RunStats> {
  const agg = new RunAggregator(phases, plans);
  for await (const r of records) agg.add(r);
  return agg.result();
}

/**
 * Failed requests in a phase: failed 4xx (408, 425, 429, unexpected-4xx), 5xx, resets, refused,
 * timeouts, malformed and other errors (not dropped or client). An outcome absent from an older
 * report counts 0.
 */
export function failedRequests(p: Pick<PhaseStats, Outcome>): number {
  return FAILURE_OUTCOMES.reduce((n, o) => n + (p[o] ?? 0), 0);
}
