import { relative } from 'node:path';
import { ZerodropError } from '../../errors/index.ts';
import type { DisruptionKind } from '../../k8s/index.ts';
import type { ConnectionEvent, KeepAlivePool, LoaderInfo, RequestRecord, StreamName, StreamPlan } from '../../load/index.ts';
import { scanRequestLog } from '../../load/index.ts';
import type { TimelineEvent } from '../../timeline/index.ts';
import { type Phases, phasesFromTimeline, readTimeline } from '../../timeline/index.ts';
import { RunAggregator } from '../aggregate.ts';
import { addBaseline4xx } from '../baseline-4xx.ts';
import { classify } from '../classify.ts';
import { DataPathLagTracker } from '../data-path-lag.ts';
import { mergeDiagnoses } from '../diagnosis/causes.ts';
import { DiagnosisTracker } from '../diagnosis/diagnosis-tracker.ts';
import { endpointLags } from '../endpoint-lag.ts';
import { OutcomeBucketer } from '../outcome-buckets.ts';
import { PodFailureCounter } from '../pod-failures.ts';
import type { Threshold } from '../threshold-spec.ts';
import { evaluateThresholdsOverRuns } from '../thresholds.ts';
import type { ExpectedVerdict } from '../types.ts';
import { validityOf } from '../validity.ts';
import { scenarioVerdict, verdictOf } from '../verdict.ts';
import { LoadPodCounter, loadPodNotes } from './load-pod-stats.ts';
import { REPORT_SCHEMA_VERSION, type ReportModel, type ScenarioReport, type ScenarioRun, type UnsolicitedCounts } from './report-model.ts';

/** One finished iteration of a scenario, as the run left it on disk. */
export interface RunInput {
  iteration: number;
  /** Request log (load/request-log.ts format). */
  requestsFile: string;
  /** Timeline NDJSON file. */
  timelineFile: string;
  /** The timeline's events when already in memory; otherwise read from timelineFile. */
  timeline?: TimelineEvent[];
}

export interface ScenarioInput {
  name: string;
  description: string;
  why?: string;
  disruption: DisruptionKind;
  expected: ExpectedVerdict;
  /** Bounds each run must meet; a failed one makes the scenario miss (met false). */
  thresholds?: Threshold[];
  runs: RunInput[];
}

export interface ReportMeta {
  runId: string;
  provider: string;
  emulated: boolean;
  toolVersion: string;
  startedAt: Date | string;
  finishedAt: Date | string;
  notes: string[];
  load: { rate: number; maxConnections: number; timeoutMs: number; streams: StreamPlan[]; pool?: KeepAlivePool };
}

interface Measured {
  run: ScenarioRun;
  agg: RunAggregator;
}

/**
 * One iteration, its request log read once: every record feeds the phase and stream counts,
 * the outcome buckets, the failures per pod, the data-path lags and the diagnosis.
 */
async function measureRun(input: RunInput, reportDir: string): Promise<Measured> {
  const events = input.timeline ?? (await readTimeline(input.timelineFile));
  const phases: Phases = phasesFromTimeline(events, input.timelineFile);
  const state: { agg?: RunAggregator; loadPods?: LoadPodCounter } = {};
  const buckets = new OutcomeBucketer(phases.boundaries);
  const pods = new PodFailureCounter();
  const lags = new DataPathLagTracker(endpointLags(events));
  const diagnosis = new DiagnosisTracker(events, phases);
  // The 4xx rule needs the baseline's 4xx statuses before any record is judged: a first pass.
  const baseline4xx = new Set<number>();
  await scanRequestLog(input.requestsFile, (r) => addBaseline4xx(baseline4xx, r, phases));
  const unsolicited: UnsolicitedCounts = {};
  const header = (h: { streams: StreamPlan[]; loaders?: LoaderInfo[] }) => {
    state.agg = new RunAggregator(phases, h.streams);
    state.loadPods = LoadPodCounter.from(phases, h.loaders);
    for (const s of h.streams) unsolicited[s.name] = 0;
  };
  const event = (e: ConnectionEvent) => {
    unsolicited[e.stream] = (unsolicited[e.stream] ?? 0) + 1;
  };
  const record = (r: RequestRecord) => {
    const outcome = classify(r.code, baseline4xx);
    state.agg!.add(r, outcome);
    buckets.add(r, outcome);
    pods.add(r, outcome);
    lags.add(r);
    state.loadPods?.add(r, outcome);
    diagnosis.add(r, outcome);
  };
  await scanRequestLog(input.requestsFile, record, header, event);
  const agg = state.agg ?? new RunAggregator(phases, []);
  const stats = agg.result();
  const validity = validityOf(stats.streams, events);
  const run: ScenarioRun = {
    iteration: input.iteration,
    verdict: verdictOf(stats.streams, validity),
    validity,
    startedAt: phases.boundaries.baseline,
    phases: stats.phases,
    streams: stats.streams,
    failuresByPod: pods.result(),
    endpointLags: lags.result(),
    diagnosis: diagnosis.result(),
    files: { requests: relative(reportDir, input.requestsFile), timeline: relative(reportDir, input.timelineFile) },
    timeline: events,
    boundaries: { ...phases.boundaries },
    buckets: buckets.result(),
    ...(state.loadPods ? { loadPods: state.loadPods.result() } : {}),
    unsolicited,
  };
  return { run, agg };
}

/** One iteration: stats per phase and stream from its request log, validity, verdict, failures per pod, endpoint lags. */
export async function buildScenarioRun(input: RunInput, reportDir: string): Promise<ScenarioRun> {
  return (await measureRun(input, reportDir)).run;
}

/**
 * A scenario over all its iterations: totals per phase and stream recomputed from every run's
 * records (percentiles stay exact, targets add); invalid if any run was, else lossy if any run
 * was; flaky when valid runs disagree.
 */
export async function buildScenarioReport(s: ScenarioInput, reportDir: string): Promise<ScenarioReport> {
  if (s.runs.length === 0) throw new ZerodropError(`scenario ${s.name} has no finished run to report`);
  const measured: Measured[] = [];
  for (const input of s.runs) measured.push(await measureRun(input, reportDir));
  const runs = measured.map((m) => m.run);
  const total = RunAggregator.total(measured.map((m) => m.agg));
  const verdict = scenarioVerdict(runs, s.expected);
  const thresholds = s.thresholds?.length ? evaluateThresholdsOverRuns(s.thresholds, runs) : undefined;
  return {
    name: s.name,
    description: s.description,
    ...(s.why ? { why: s.why } : {}),
    disruption: s.disruption,
    expected: s.expected,
    ...verdict,
    met: verdict.met && (thresholds ?? []).every((t) => t.ok),
    ...(thresholds ? { thresholds } : {}),
    unsolicited: sumUnsolicited(runs),
    phases: total.phases,
    streams: total.streams,
    diagnosis: mergeDiagnoses(runs.map((r) => ({ run: r.iteration, diagnosis: r.diagnosis ?? [] }))),
    runs,
  };
}

/** Unsolicited answers per stream over the runs (a stream any run had is listed). */
function sumUnsolicited(runs: readonly ScenarioRun[]): UnsolicitedCounts {
  const out: UnsolicitedCounts = {};
  for (const r of runs) for (const [s, n] of Object.entries(r.unsolicited ?? {}) as [StreamName, number][]) out[s] = (out[s] ?? 0) + n;
  return out;
}

/**
 * Caveats validity does not already raise: a valid run with a phase in which no request
 * completed although none was due (a zero-length phase, or a log without planned rates); load
 * pods on a drained node and load pods' unreported slots (report/load-pod-stats.ts).
 */
export function measurementNotes(scenarios: readonly ScenarioReport[]): string[] {
  const notes: string[] = [];
  for (const s of scenarios) {
    for (const r of s.runs) {
      if (r.loadPods) notes.push(...loadPodNotes(s.name, r.iteration, r.loadPods, r.timeline));
      if (!r.validity.valid) continue;
      const empty = r.phases.filter((p) => p.requests === 0).map((p) => p.name);
      if (empty.length)
        notes.push(`${s.name} run #${r.iteration}: no request completed during ${empty.join(', ')}; its verdict rests on no data there`);
    }
  }
  return notes;
}

/** The report model; measurement caveats are appended to the given notes. */
export function buildReportModel(meta: ReportMeta, scenarios: ScenarioReport[]): ReportModel {
  const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'zerodrop', version: meta.toolVersion },
    runId: meta.runId,
    provider: meta.provider,
    emulated: meta.emulated,
    startedAt: iso(meta.startedAt),
    finishedAt: iso(meta.finishedAt),
    notes: [...meta.notes, ...measurementNotes(scenarios)],
    load: {
      rate: meta.load.rate,
      maxConnections: meta.load.maxConnections,
      timeoutMs: meta.load.timeoutMs,
      streams: meta.load.streams.map((p) => ({ ...p })),
      ...(meta.load.pool ? { pool: { ...meta.load.pool } } : {}),
    },
    scenarios,
  };
}
