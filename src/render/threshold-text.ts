import type { ScenarioReport } from '../metrics/index.ts';
import { type ThresholdResult, thresholdText } from '../metrics/index.ts';

/** The scenario's threshold results as text lines, failed ones first; empty without thresholds. */
export function thresholdLines(s: Pick<ScenarioReport, 'thresholds'>): string[] {
  return failedFirst(s.thresholds ?? []).map(thresholdText);
}

/** The failed thresholds' lines (for failure messages). */
export function failedThresholdLines(s: Pick<ScenarioReport, 'thresholds'>): string[] {
  return (s.thresholds ?? []).filter((t) => !t.ok).map(thresholdText);
}

/** "thresholds 3/4 ✓" for a verdict cell; '' without thresholds. */
export function thresholdSummary(s: Pick<ScenarioReport, 'thresholds'>): string {
  const all = s.thresholds ?? [];
  if (!all.length) return '';
  const ok = all.filter((t) => t.ok).length;
  return `thresholds ${ok}/${all.length} ${ok === all.length ? '✓' : '✗'}`;
}

function failedFirst(list: readonly ThresholdResult[]): ThresholdResult[] {
  return [...list].sort((a, b) => Number(a.ok) - Number(b.ok));
}
