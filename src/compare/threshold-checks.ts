import type { ComparisonCheck, ScenarioReport } from '../metrics/index.ts';
import { thresholdText } from '../metrics/index.ts';

/** The new report's failed thresholds as comparison checks: a figure that crossed its threshold regresses. */
export function thresholdChecks(s: Pick<ScenarioReport, 'name' | 'disruption' | 'thresholds'>): ComparisonCheck[] {
  return (s.thresholds ?? [])
    .filter((t) => !t.ok)
    .map((t) => ({
      kind: 'threshold',
      passed: false,
      figure: t.metric,
      value: t.observed,
      limit: `${t.op} ${t.value}`,
      basis: `threshold ${t.source}`,
      message: `${s.name} (${s.disruption}): threshold ${thresholdText(t)}`,
    }));
}
