import { PHASES, type PhaseName } from '../timeline/index.ts';
import { failedRequests } from './aggregate.ts';
import type { Threshold, ThresholdMetric, ThresholdOp } from './threshold-spec.ts';
import type { PhaseStats, StreamStats } from './types.ts';

/** One threshold checked in one phase: e.g. `new-connection disruption p99 < 300: 212 ✓`. */
export interface ThresholdResult {
  /** The key path as written in the scenario's thresholds. */
  source: string;
  metric: ThresholdMetric;
  op: ThresholdOp;
  value: number;
  /** The stream checked; absent = both streams together. */
  stream?: string;
  phase: PhaseName;
  observed: number;
  ok: boolean;
  /** Over several runs: the iterations in which it failed (observed is then the worst run's figure). */
  failedRuns?: number[];
}

/**
 * The figure a threshold metric reads from one phase's stats, exact: counts as counted, errorPct
 * from the counts themselves (failed / requests x 100, never a rounded figure), so `errorPct == 0`
 * fails with one failure in any number of requests.
 */
export function thresholdValue(metric: ThresholdMetric, p: PhaseStats): number {
  switch (metric) {
    case 'failed':
      return failedRequests(p);
    case 'disruptionSeconds':
      return p.disruptionSeconds;
    case 'errorPct':
      return p.requests > 0 ? (failedRequests(p) / p.requests) * 100 : 0;
    case 'p99':
      return p.p99Ms;
    case 'achievedRate':
      return p.achievedRate;
  }
}

function holds(observed: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return observed < value;
    case '<=':
      return observed <= value;
    case '>':
      return observed > value;
    case '>=':
      return observed >= value;
    case '==':
      return observed === value;
  }
}

/**
 * Every threshold over the scenario's figures: a threshold without a phase is checked in each
 * phase apart; without a stream, on both streams together (`phases`). A stream that did not run
 * gives no result for its thresholds (it is named in the stream plan instead).
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  phases: readonly PhaseStats[],
  streams: readonly StreamStats[],
): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const t of thresholds) {
    const source = t.stream === undefined ? phases : streams.find((s) => s.name === t.stream)?.phases;
    if (!source) continue;
    for (const phase of t.phase === undefined ? PHASES : [t.phase]) {
      const p = source.find((x) => x.name === phase);
      if (!p) continue;
      const observed = thresholdValue(t.metric, p);
      out.push({
        source: t.source,
        metric: t.metric,
        op: t.op,
        value: t.value,
        stream: t.stream,
        phase,
        observed,
        ok: holds(observed, t.op, t.value),
      });
    }
  }
  return out;
}

/**
 * Thresholds over a scenario's runs: each run must meet each bound. One result per threshold and
 * phase, with the worst run's figure (the highest for an upper bound, the lowest for a lower bound,
 * the first failing one for ==) and the iterations that failed.
 */
export function evaluateThresholdsOverRuns(
  thresholds: readonly Threshold[],
  runs: ReadonlyArray<{ iteration: number; phases: readonly PhaseStats[]; streams: readonly StreamStats[] }>,
): ThresholdResult[] {
  const merged = new Map<string, ThresholdResult>();
  for (const run of runs) {
    for (const r of evaluateThresholds(thresholds, run.phases, run.streams)) {
      const key = `${r.source}\u0000${r.phase}`;
      const prev = merged.get(key);
      const failedRuns = [...(prev?.failedRuns ?? []), ...(r.ok ? [] : [run.iteration])];
      const worse = !prev || worseThan(r, prev);
      merged.set(key, { ...(worse ? r : prev), ok: failedRuns.length === 0, failedRuns });
    }
  }
  const out = [...merged.values()];
  if (runs.length === 1) for (const r of out) delete r.failedRuns;
  return out;
}

function worseThan(a: ThresholdResult, b: ThresholdResult): boolean {
  if (a.op === '==') return !a.ok && b.ok;
  return a.op.startsWith('<') ? a.observed > b.observed : a.observed < b.observed;
}

/** e.g. `new-connection disruption p99 < 300: 212 ✓` (figures rounded to 2 decimals). */
export function thresholdText(r: ThresholdResult): string {
  const scope = [r.stream ?? 'all streams', r.phase].join(' ');
  const runs = r.failedRuns?.length ? ` (failed in run ${r.failedRuns.map((i) => `#${i}`).join(', ')})` : '';
  return `${scope} ${r.metric} ${r.op} ${r.value}: ${Math.round(r.observed * 100) / 100} ${r.ok ? '✓' : '✗'}${runs}`;
}
