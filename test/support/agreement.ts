import type { ScenarioRun } from '../../src/metrics/result/report-model.ts';
import type { PhaseStats } from '../../src/metrics/types.ts';
import { type IndepStream, lost, type Sample } from './independent-client.ts';

/** Failures needed on both sides before their counts are compared as a ratio. */
export const MIN_FAILURES = 20;
/** zerodrop's count must lie within this fraction of the independent client's. */
export const TOLERANCE = 0.25;
/**
 * Two clients that sample the same losses at the same rate (requests in flight on a pod that dies,
 * slots in a refused window) count them as Poisson draws: with both around 20, their difference
 * alone has a standard deviation of about 6, so ±25 % would fail one correct run in three. Their
 * counts must then lie within this many standard deviations of their difference (sqrt(zd + indep)),
 * which is wider than ±25 % below about 150 failures and narrower above.
 */
export const SIGMAS = 3;

/** The largest difference allowed between the two counts: ±TOLERANCE, or the sampling noise when that is larger. */
export function allowedDifference(zd: number, indep: number): number {
  return Math.max(TOLERANCE * Math.max(zd, indep), SIGMAS * Math.sqrt(zd + indep));
}

/** zerodrop's failed requests in a phase: every outcome its report counts as lost by the app. */
function zdFailed(p: PhaseStats): number {
  return (p.http4xxFailed ?? 0) + p.http5xx + p.reset + p.refused + p.timeout + p.malformed + p.other;
}

/** One stream's failures as each client counted them: over the run and in the baseline alone. */
export interface StreamFigures {
  stream: IndepStream;
  zerodrop: { requests: number; failed: number; baselineFailed: number };
  independent: { requests: number; failed: number; baselineFailed: number; byKind: Record<string, number> };
}

/**
 * Per stream: zerodrop's failures from its report (all phases, filed by end time) against the
 * independent client's, judged by its own kindOf, for the requests it sent before zerodrop's
 * `end` (later ones meet the workload being removed).
 */
export function figures({ run, samples }: { run: ScenarioRun; samples: Sample[] }): StreamFigures[] {
  const b = run.boundaries;
  return (['keep-alive', 'new-connection'] as const).map((stream) => {
    const phases = run.streams.find((s) => s.name === stream)?.phases ?? [];
    const mine = samples.filter((s) => s.stream === stream && s.t < b.end);
    const failed = mine.filter(lost);
    const byKind: Record<string, number> = {};
    for (const s of failed) byKind[`${s.kind}:${s.code}`] = (byKind[`${s.kind}:${s.code}`] ?? 0) + 1;
    return {
      stream,
      zerodrop: {
        requests: phases.reduce((n, p) => n + p.requests, 0),
        failed: phases.reduce((n, p) => n + zdFailed(p), 0),
        baselineFailed: phases[0] ? zdFailed(phases[0]) : 0,
      },
      independent: {
        requests: mine.length,
        failed: failed.length,
        baselineFailed: failed.filter((s) => s.end < b.disruption).length,
        byKind,
      },
    };
  });
}

/**
 * Why zerodrop's failure count disagrees with the independent client's, or '' when it agrees: when
 * either reaches MIN_FAILURES, the two may differ by at most allowedDifference (±TOLERANCE, or the
 * sampling noise of two Poisson counts when that is larger); both under it is too few to judge.
 */
export function disagreement(zd: number, indep: number): string {
  if (zd < MIN_FAILURES && indep < MIN_FAILURES) return '';
  const allowed = allowedDifference(zd, indep);
  return Math.abs(zd - indep) <= allowed
    ? ''
    : `zerodrop ${zd} against independent ${indep}: differ by ${Math.abs(zd - indep)}, more than ${allowed.toFixed(1)} (±${TOLERANCE * 100} % or ${SIGMAS} standard deviations of their sampling noise)`;
}

/** A line per stream for the test log: both counts and the independent client's failures by kind. */
export function describeFigures(label: string, fs: StreamFigures[]): string {
  return fs
    .map(
      (f) =>
        `${label} ${f.stream}: zerodrop ${f.zerodrop.failed}/${f.zerodrop.requests} failed, independent ${f.independent.failed}/${f.independent.requests} failed ${JSON.stringify(f.independent.byKind)}`,
    )
    .join('\n');
}
