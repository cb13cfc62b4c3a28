import type { DisruptionKind } from '../../k8s/index.ts';
import type { KeepAlivePool, StreamName, StreamPlan } from '../../load/index.ts';
import type { TimelineEvent } from '../../timeline/index.ts';
import type { CauseEvidence, DiagnosisEntry } from '../diagnosis/causes.ts';
import type { ThresholdResult } from '../thresholds.ts';
import type { EndpointLag, ExpectedVerdict, OutcomeBuckets, PhaseStats, PodFailures, StreamStats, Validity, Verdict } from '../types.ts';
import type { Comparison } from './comparison-model.ts';

export type { CauseEvidence, DiagnosisEntry, EndpointLag, OutcomeBuckets, PhaseStats, PodFailures, StreamStats, Validity, Verdict };

/** Bump on any breaking change to report.json; documented in docs/report-schema.md. */
export const REPORT_SCHEMA_VERSION = 2;

/**
 * Per stream, answers that arrived with no request open (a second answer, an answer to nothing,
 * a 408 on an idle kept-alive connection): each closed its connection and is no request. Counted
 * from the request log's connection events (load/connection-event.ts), every stream of the run
 * listed (0 when none).
 */
export type UnsolicitedCounts = Partial<Record<StreamName, number>>;

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
  /** Why each failed request was lost, per cause, most requests first (metrics/diagnosis/); absent in reports written before it. */
  diagnosis?: DiagnosisEntry[];
  /** Paths of the raw files, relative to the report directory. */
  files: { requests: string; timeline: string };
  /** Lifecycle events, kept in the report for the HTML timeline. */
  timeline: TimelineEvent[];
  /** Phase boundaries, epoch ms. */
  boundaries: { baseline: number; disruption: number; recovery: number; end: number };
  /** Outcomes per time bucket (by end time), for the HTML timeline. */
  buckets: OutcomeBuckets;
  /** Load from inside the cluster: each load pod's node, accounting, clock and own per-phase stats; absent for host load. */
  loadPods?: LoadPodReport[];
  /** Unsolicited answers per stream; absent in reports written before they were counted. */
  unsolicited?: UnsolicitedCounts;
}

/** One load pod of a run (`run --load-from cluster`), measured from its own records (report/load-pod-stats.ts). */
export interface LoadPodReport {
  name: string;
  node: string;
  /** Requests per second it was given, over its streams. */
  rate: number;
  /** Slots it was given (its own count when it reported its end, else the schedule's), records read from its log, slots never reported (counted as dropped). */
  slots: number;
  slotsFrom: 'agent' | 'schedule';
  received: number;
  missing: number;
  restarts: number;
  /** Its clock minus the harness's (ms) before the load started and before it stopped, each within ± uncertaintyMs. */
  clock: { startOffsetMs?: number; endOffsetMs?: number; uncertaintyMs?: number };
  /** Both streams per phase, from its records alone. */
  phases: PhaseStats[];
  /** Its failed requests per bucket of the run's `buckets` (same width and start). */
  failedBuckets: number[];
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
  /** The runs' diagnoses merged (counts add per cause, evidence names its run); `why` stays the scenario's intent. */
  diagnosis?: DiagnosisEntry[];
  /** The scenario's thresholds, each checked in every run (worst run's figure); a failed one makes met false. */
  thresholds?: ThresholdResult[];
  /** Unsolicited answers per stream over all runs; absent in reports written before they were counted. */
  unsolicited?: UnsolicitedCounts;
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
  /** The load of the run (the first scenario's); `pool` is the keep-alive stream's connection pool (absent in reports before it was stated). */
  load: { rate: number; maxConnections: number; timeoutMs: number; streams: StreamPlan[]; pool?: KeepAlivePool };
  scenarios: ScenarioReport[];
  /** `run --baseline PATH`: this run against the base report(s) (src/compare/); absent otherwise. */
  comparison?: Comparison;
}
