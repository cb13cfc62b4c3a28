import type { EndpointLag, OutcomeBuckets, PhaseStats, PodFailures, StreamStats, Validity, Verdict } from '../metrics/types.ts';
import type { StreamPlan } from '../load/types.ts';
import type { ExpectedVerdict, DisruptionKind } from '../scenario/types.ts';
import type { TimelineEvent } from '../timeline/types.ts';

export type { EndpointLag, OutcomeBuckets, PhaseStats, PodFailures, StreamStats, Validity, Verdict };

/** Bump on any breaking change to report.json; documented in docs/report-schema.md. */
export const REPORT_SCHEMA_VERSION = 2;

/** One execution of one scenario (a scenario runs `--repeat` times). */
export interface ScenarioRun {
  iteration: number;
  /** invalid when the measurement cannot be trusted (validity.reasons say why); else lossy when either stream lost a request in disruption or recovery. */
  verdict: Verdict;
  validity: Validity;
  startedAt: number;
  /** Both streams together, per phase. */
  phases: PhaseStats[];
  /** Each stream apart (keep-alive, new-connection), per phase. */
  streams: StreamStats[];
  /** Failed requests per pod they were sent to. */
  failuresByPod: PodFailures[];
  endpointLags: EndpointLag[];
  /** Paths of the raw files, relative to the report directory. */
  files: { requests: string; timeline: string };
  /** Lifecycle events, kept in the report for the HTML timeline. */
  timeline: TimelineEvent[];
  /** Phase boundaries, epoch ms. */
  boundaries: { baseline: number; disruption: number; recovery: number; end: number };
  /** Outcomes per time bucket (by end time), for the HTML timeline. */
  buckets: OutcomeBuckets;
}

export interface ScenarioReport {
  name: string;
  description: string;
  why?: string;
  disruption: DisruptionKind;
  expected: ExpectedVerdict;
  /** invalid if any run was invalid, else lossy if any run was lossy. */
  verdict: Verdict;
  /** Reasons of the invalid runs, prefixed by their iteration. */
  invalidReasons: string[];
  /** verdict satisfies expected (never when invalid). */
  met: boolean;
  /** True when valid runs disagree on the verdict. */
  flaky: boolean;
  /** Phase totals over all runs, both streams. */
  phases: PhaseStats[];
  /** Phase totals over all runs, per stream. */
  streams: StreamStats[];
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
  load: { rate: number; maxConnections: number; timeoutMs: number; streams: StreamPlan[] };
  scenarios: ScenarioReport[];
}
