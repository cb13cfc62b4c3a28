import type { ComparisonCheck, ScenarioReport, Verdict } from '../metrics/index.ts';
import { failedRequests, JUDGED_PHASES, percentile } from '../metrics/index.ts';
import { round3, scenarioDisruptionSeconds } from './scenario-disruption-seconds.ts';

/** Earlier reports needed before the history's percentile is the limit (fewer: the latest report is). */
export const MIN_HISTORY = 5;
export const HISTORY_PERCENTILE = 95;

const RANK: Record<Verdict, number> = { lossless: 0, lossy: 1, invalid: 2 };

/** One base report's entry for the scenario. */
export interface BaseEntry {
  runId: string;
  scenario: ScenarioReport;
}

const judged = (name: string) => (JUDGED_PHASES as readonly string[]).includes(name);

/** "keep-alive disruption 12, new-connection recovery 1": where the failed requests were, over all runs. */
function whereFailed(s: ScenarioReport): string {
  return s.streams
    .flatMap((st) =>
      st.phases.filter((p) => judged(p.name) && failedRequests(p) > 0).map((p) => `${st.name} ${p.name} ${failedRequests(p)}`),
    )
    .join(', ');
}

/**
 * The checks of one scenario against its base entries (oldest first, at least one). The
 * reference: with at least MIN_HISTORY valid earlier reports, the history (lossless when every
 * one was lossless; the disruption limit their 95th percentile); with fewer, the latest report
 * (its verdict; the disruption limit the latest valid report's figure). A lossless reference
 * gets the `lossless` check (exactly zero failed requests), any other the `verdict` check and,
 * when the new run is lossy, the `disruption` check.
 */
export function scenarioChecks(entries: readonly BaseEntry[], next: ScenarioReport): { checks: ComparisonCheck[]; history: number[] } {
  const label = `${next.name} (${next.disruption})`;
  const valid = entries.filter((e) => e.scenario.verdict !== 'invalid');
  const history = valid.map((e) => scenarioDisruptionSeconds(e.scenario) ?? 0);
  const latest = entries[entries.length - 1];
  const useHistory = valid.length >= MIN_HISTORY;
  const latestBasis = `latest base report (run ${latest.runId})`;
  const n = valid.length;
  const reference: Verdict = useHistory
    ? valid.some((e) => e.scenario.verdict === 'lossy')
      ? 'lossy'
      : 'lossless'
    : latest.scenario.verdict;
  const checks: ComparisonCheck[] = [];
  if (reference === 'lossless' && next.verdict !== 'invalid') {
    const failed = next.phases.filter((p) => judged(p.name)).reduce((n, p) => n + failedRequests(p), 0);
    const basis = useHistory ? `${n} earlier reports, all lossless` : latestBasis;
    checks.push({
      kind: 'lossless',
      passed: failed === 0,
      figure: 'failed',
      value: failed,
      limit: 0,
      basis,
      message:
        failed === 0
          ? `${label}: failed requests 0, still lossless (reference: ${basis})`
          : `${label}: failed requests 0 → ${failed} (+${failed}) in disruption and recovery (${whereFailed(next)}): a lossless scenario must stay at exactly zero (reference: ${basis})`,
    });
    return { checks, history };
  }
  const worse = RANK[next.verdict] > RANK[reference];
  const basis = useHistory ? `worst verdict of ${n} earlier reports` : latestBasis;
  checks.push({
    kind: 'verdict',
    passed: !worse,
    figure: 'verdict',
    value: next.verdict,
    limit: reference,
    basis,
    message: `${label}: verdict ${reference} → ${next.verdict}${worse ? ': worse' : ''} (reference: ${basis})`,
  });
  const value = scenarioDisruptionSeconds(next);
  if (next.verdict !== 'lossy' || value === undefined || !history.length) return { checks, history };
  const limit = useHistory
    ? percentile(
        [...history].sort((a, b) => a - b),
        HISTORY_PERCENTILE,
      )
    : history[history.length - 1];
  const limitBasis = useHistory ? `p${HISTORY_PERCENTILE} of ${n} earlier reports` : `latest valid base report (run ${valid[n - 1].runId})`;
  const passed = value <= limit;
  const delta = round3(value - limit);
  checks.push({
    kind: 'disruption',
    passed,
    figure: 'disruptionSeconds',
    value,
    limit,
    basis: limitBasis,
    message: `${label}: disruption seconds per run ${value}, ${passed ? `within the limit ${limit} (${delta >= 0 ? '+' : ''}${delta})` : `above the limit ${limit} by +${delta}`} (reference: ${limitBasis})`,
  });
  return { checks, history };
}
