import type { LoaderInfo, RequestRecord } from '../../load/index.ts';
import type { Phases, TimelineEvent } from '../../timeline/index.ts';
import { RunAggregator } from '../aggregate.ts';
import { classify } from '../classify.ts';
import { OutcomeBucketer } from '../outcome-buckets.ts';
import { FAILURE_OUTCOMES, type Outcome } from '../types.ts';
import type { LoadPodReport } from './report-model.ts';

/**
 * Per load pod of a run (the request log header's `loaders`), its own per-phase stats and its
 * failures over time, from the records that name it: a loss seen from one node only shows in its
 * pod's figures. Fed one record at a time, beside the run's own counters.
 */
export class LoadPodCounter {
  private readonly loaders: readonly LoaderInfo[];
  private readonly aggs: RunAggregator[];
  private readonly buckets: OutcomeBucketer[];

  /** undefined when the log has no load pods (host load). */
  static from(phases: Phases, loaders: readonly LoaderInfo[] | undefined): LoadPodCounter | undefined {
    return loaders?.length ? new LoadPodCounter(phases, loaders) : undefined;
  }

  private constructor(phases: Phases, loaders: readonly LoaderInfo[]) {
    this.loaders = loaders;
    this.aggs = loaders.map((l) => new RunAggregator(phases, l.streams));
    this.buckets = loaders.map(() => new OutcomeBucketer(phases.boundaries));
  }

  add(r: RequestRecord, outcome: Outcome = classify(r.code)): void {
    if (r.loader === undefined || !this.aggs[r.loader]) return;
    this.aggs[r.loader].add(r, outcome);
    this.buckets[r.loader].add(r, outcome);
  }

  result(): LoadPodReport[] {
    return this.loaders.map((l, i) => {
      const counts = this.buckets[i].result().counts;
      const failed = counts.ok.map((_, b) => FAILURE_OUTCOMES.reduce((n, o) => n + counts[o][b], 0));
      const { start, end } = l.clock;
      const unc = [start?.uncertaintyMs, end?.uncertaintyMs].filter((u): u is number => u !== undefined);
      return {
        name: l.name,
        node: l.node,
        rate: Math.round(l.streams.reduce((n, s) => n + s.rate, 0) * 1000) / 1000,
        slots: Object.values(l.slots).reduce((n: number, v) => n + (v ?? 0), 0),
        slotsFrom: l.slotsFrom,
        received: l.received,
        missing: l.missing,
        restarts: l.restarts,
        clock: {
          ...(start ? { startOffsetMs: start.offsetMs } : {}),
          ...(end ? { endOffsetMs: end.offsetMs } : {}),
          ...(unc.length ? { uncertaintyMs: Math.max(...unc) } : {}),
        },
        phases: this.aggs[i].result().phases,
        failedBuckets: failed,
      };
    });
  }
}

/**
 * Report notes about load pods: the pods that sent from a node the run drained (they were left
 * alone: the drain evicts only the scenario's pods), and pods whose slots went unreported.
 */
export function loadPodNotes(
  scenario: string,
  iteration: number,
  pods: readonly LoadPodReport[],
  timeline: readonly TimelineEvent[],
): string[] {
  const notes: string[] = [];
  const drained = new Set(timeline.filter((e) => e.kind === 'node-cordoned' && e.node).map((e) => e.node!));
  for (const p of pods) {
    if (drained.has(p.node))
      notes.push(
        `${scenario} run #${iteration}: load pod ${p.name} ran on the drained node ${p.node}; the drain evicted only ${scenario}'s pods, so it kept sending`,
      );
    if (p.missing > 0) {
      const why = p.restarts > 0 ? `it restarted ${p.restarts} time${p.restarts === 1 ? '' : 's'}` : 'its log lost lines or it was cut off';
      notes.push(
        `${scenario} run #${iteration}: load pod ${p.name} on ${p.node} never reported ${p.missing} of its ${p.slots} slots (${why}); they count as dropped`,
      );
    }
  }
  return notes;
}
