import type { DisruptionKind } from '../../k8s/index.ts';
import type { StreamName } from '../../load/index.ts';
import type { PhaseName } from '../../timeline/index.ts';
import type { Verdict } from '../types.ts';

/**
 * `zerodrop compare` and `run --baseline PATH`: a new report held against a base report or a
 * history of earlier reports. Figures are per run (a scenario's totals over its runs divided by
 * the number of runs), so reports made with different `--repeat` compare.
 */

/** The figures compared per scenario, stream and phase. */
export const FIGURES = ['failed', 'disruptionSeconds', 'p99Ms', 'achievedRate'] as const;
export type Figure = (typeof FIGURES)[number];

/** How a figure moved: worse and better are marked, a change too small to matter is `same`. */
export type Change = 'worse' | 'better' | 'same';

export interface FigureDelta {
  figure: Figure;
  base: number;
  new: number;
  /** new - base */
  delta: number;
  change: Change;
}

/** One stream's figures in one phase, the new report against the latest base report. */
export interface PhaseDelta {
  stream: StreamName;
  phase: PhaseName;
  figures: FigureDelta[];
}

/**
 * The gates a scenario passes or fails; any failed check makes the comparison exit 1. A kind is
 * added beside these (e.g. a scenario's own thresholds) without changing the others.
 * - lossless: a scenario lossless in its reference stays at exactly zero failed requests.
 * - verdict: the verdict is not worse than the reference's (lossless < lossy < invalid).
 * - disruption: a lossy scenario's disruption seconds stay within the history's 95th
 *   percentile (at least 5 earlier reports), else within the latest report's.
 * - threshold: the new report's scenario met each of its thresholds (scenario.yaml or --thresholds).
 */
export const CHECK_KINDS = ['lossless', 'verdict', 'disruption', 'threshold'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface ComparisonCheck {
  kind: CheckKind;
  passed: boolean;
  /** What was judged: `failed`, `verdict`, `disruptionSeconds`, ... */
  figure: string;
  /** The new report's value. */
  value: number | string;
  /** What it was held against (a base value, a percentile of the history, a threshold). */
  limit: number | string;
  /** Where the limit comes from, e.g. "latest base report (run 20261122-235500-ab12)", "p95 of 6 earlier reports". */
  basis: string;
  /** One line naming the scenario, the figure, the value and the limit or delta. */
  message: string;
}

export interface ScenarioComparison {
  name: string;
  disruption: DisruptionKind;
  /** both: compared; added: only in the new report; removed: only in the base. */
  presence: 'both' | 'added' | 'removed';
  /** Verdict in the latest base report that has the scenario, and in the new one. */
  baseVerdict?: Verdict;
  newVerdict?: Verdict;
  /** Runs behind each side's figures. */
  baseRuns: number;
  newRuns: number;
  /** Disruption seconds per run (scenarioDisruptionSeconds) of each valid earlier report, oldest first. */
  history: number[];
  phases: PhaseDelta[];
  checks: ComparisonCheck[];
  /** Some check failed. */
  regressed: boolean;
}

/** One report taking part, as named in the comparison. */
export interface ComparedReport {
  /** Path of its report.json, as given (relative to the working directory where possible). */
  file: string;
  runId: string;
  startedAt: string;
}

export interface Comparison {
  /** Base reports, oldest first (one, or a history); the latest is the last. */
  base: ComparedReport[];
  new: ComparedReport;
  scenarios: ScenarioComparison[];
  /** Some scenario regressed: the comparison's exit code is 1. */
  regressed: boolean;
}
