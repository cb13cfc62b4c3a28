import type { ScenarioReport } from '../metrics/index.ts';
import { JUDGED_PHASES } from '../metrics/index.ts';

/**
 * The one figure the history rule judges: a scenario's disruption seconds per run. For each
 * valid run (verdict not invalid), the `disruptionSeconds` of its disruption and recovery phases,
 * both streams together (the seconds in which either stream was losing requests), added; then
 * the mean over those runs, so that reports made with different `--repeat` compare. Undefined
 * when no run was valid: such a report is no evidence either way.
 */
export function scenarioDisruptionSeconds(s: ScenarioReport): number | undefined {
  const valid = s.runs.filter((r) => r.verdict !== 'invalid');
  if (!valid.length) return undefined;
  const judged = JUDGED_PHASES as readonly string[];
  const perRun = valid.map((r) => r.phases.filter((p) => judged.includes(p.name)).reduce((n, p) => n + p.disruptionSeconds, 0));
  return round3(perRun.reduce((a, b) => a + b, 0) / valid.length);
}

/** Disruption seconds have ms precision: keep it, and no float noise. */
export const round3 = (v: number) => Math.round(v * 1000) / 1000;
