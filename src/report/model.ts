import type { Outcome, PhaseStats } from '../metrics/types.ts';
import type { ExpectedVerdict, DisruptionKind } from '../scenario/types.ts';
import type { TimelineEvent } from '../timeline/types.ts';

/** Bump on any breaking change to report.json; documented in docs/report-schema.md. */
export const REPORT_SCHEMA_VERSION = 1;

export type Verdict = 'lossless' | 'lossy';

/** Per terminated pod: how long after its deletion its endpoint left the Service. */
export interface EndpointLag {
  pod: string;
  deletedAt: number;
  endpointRemovedAt?: number;
  lagMs?: number;
}

/**
 * Request outcomes over time: `counts[outcome][i]` requests started in
 * [start + i*ms, start + (i+1)*ms); start is the baseline start, the last bucket ends at or after `end`.
 */
export interface OutcomeBuckets {
  ms: number;
  start: number;
  counts: Record<Outcome, number[]>;
}

/** One execution of one scenario (a scenario runs `--repeat` times). */
export interface ScenarioRun {
  iteration: number;
  verdict: Verdict;
  startedAt: number;
  phases: PhaseStats[];
  endpointLags: EndpointLag[];
  /** Time spent with evictions blocked by a PodDisruptionBudget (429), drain only. */
  evictionBlockedMs?: number;
  /** Paths of the raw files, relative to the report directory. */
  files: { requests: string; timeline: string };
  /** Lifecycle events, kept in the report for the HTML timeline. */
  timeline: TimelineEvent[];
  /** Phase boundaries, epoch ms. */
  boundaries: { baseline: number; disruption: number; recovery: number; end: number };
  /** Outcomes per time bucket, for the HTML timeline (absent in reports written before it existed). */
  buckets?: OutcomeBuckets;
}

export interface ScenarioReport {
  name: string;
  description: string;
  why?: string;
  disruption: DisruptionKind;
  expected: ExpectedVerdict;
  /** Lossy if any run was lossy. */
  verdict: Verdict;
  /** verdict satisfies expected. */
  met: boolean;
  /** True when runs disagree on the verdict. */
  flaky: boolean;
  /** Phase totals over all runs. */
  phases: PhaseStats[];
  runs: ScenarioRun[];
}

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'zerodrop'; version: string };
  runId: string;
  provider: string;
  /** True on the embedded runtime: reports must say "emulated". */
  emulated: boolean;
  startedAt: string;
  finishedAt: string;
  /** Caveats from the provider and the run (e.g. PID-1 semantics not reproduced). */
  notes: string[];
  load: { rate: number; connections: number; timeoutMs: number };
  scenarios: ScenarioReport[];
}
