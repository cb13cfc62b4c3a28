import type { ScenarioReport, ScenarioRun } from '../metrics/index.ts';
import { CAUSE_INFO, type Cause, type CauseEvidence, type DiagnosisEntry } from '../metrics/index.ts';
import { podLabel } from './format.ts';

/**
 * The diagnosis as text, shared by every reporter: per cause its count, evidence (pod, times since
 * the run's baseline start, reason) and fix. Times are relative to the run the evidence comes from.
 */

const sec = (t: number, t0: number) => ((t - t0) / 1000).toFixed(1);

/** "web-abc: 3 requests at 11.0-11.1 s (run #2): in flight at SIGKILL ..." and, for unknown, "(missing: ...)" */
export function evidenceText(e: CauseEvidence, runs: readonly ScenarioRun[]): string {
  const run = runs.find((r) => r.iteration === e.run) ?? runs[0];
  const t0 = run?.boundaries.baseline ?? e.from;
  const which = runs.length > 1 && e.run !== undefined ? ` (run #${e.run})` : '';
  const missing = e.missing ? ` (missing: ${e.missing})` : '';
  return `${podLabel(e.pod)}: ${e.count} at ${sec(e.from, t0)}-${sec(e.to, t0)} s${which}: ${e.detail}${missing}`;
}

/** The scenario's diagnosis (its runs merged); none in a report written before it existed. */
export const scenarioDiagnosis = (s: ScenarioReport): DiagnosisEntry[] => s.diagnosis ?? [];

/** One row per cause: cause, count, pods, evidence lines, fix, and (unknown) the evidence missing. */
export function diagnosisRows(
  s: ScenarioReport,
): Array<{ cause: Cause; count: string; pods: string; evidence: string[]; fix: string; meaning: string; missing: string[] }> {
  return scenarioDiagnosis(s).map((d) => ({
    cause: d.cause,
    count: String(d.count),
    pods: d.pods.join(', ') || podLabel(''),
    evidence: d.evidence.map((e) => evidenceText(e, s.runs)),
    fix: d.fix,
    meaning: CAUSE_INFO[d.cause].meaning,
    missing: d.missing ?? [],
  }));
}

/** "sigterm-ignored 3, grace-exceeded 1" or "no failed request" */
export function diagnosisSummary(list: readonly DiagnosisEntry[]): string {
  return list.length ? list.map((d) => `${d.cause} ${d.count}`).join(', ') : 'no failed request';
}

export const DIAGNOSIS_NOTE = "Causes are derived from this run's timeline and request records, not from scenario.yaml.";
