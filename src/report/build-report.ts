import { relative } from 'node:path';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import { readRequestLog } from '../load/request-log.ts';
import { PhaseAggregator } from '../metrics/aggregate.ts';
import { endpointLags, evictionBlockedMs } from '../metrics/endpoint-lag.ts';
import { verdictMet, verdictOf } from '../metrics/verdict.ts';
import type { DisruptionKind, ExpectedVerdict } from '../scenario/types.ts';
import { phasesFromTimeline, type Phases } from '../timeline/phases.ts';
import { readTimeline } from '../timeline/timeline-recorder.ts';
import type { TimelineEvent } from '../timeline/types.ts';
import { OutcomeBucketer } from './outcome-buckets.ts';
import { REPORT_SCHEMA_VERSION, type ReportModel, type ScenarioReport, type ScenarioRun } from './model.ts';

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
  load: { rate: number; connections: number; timeoutMs: number };
}

interface LoadedRun { input: RunInput; events: TimelineEvent[]; phases: Phases }

async function loadRun(input: RunInput): Promise<LoadedRun> {
  const events = input.timeline ?? (await readTimeline(input.timelineFile));
  return { input, events, phases: phasesFromTimeline(events, input.timelineFile) };
}

async function feed(agg: PhaseAggregator, run: LoadedRun, buckets?: OutcomeBucketer): Promise<void> {
  for await (const r of readRequestLog(run.input.requestsFile)) {
    agg.add(r, run.phases);
    buckets?.add(r);
  }
}

/** One iteration: per-phase stats from its request log, its verdict, endpoint lags. */
export async function buildScenarioRun(input: RunInput, reportDir: string): Promise<ScenarioRun> {
  return toScenarioRun(await loadRun(input), reportDir);
}

async function toScenarioRun(run: LoadedRun, reportDir: string): Promise<ScenarioRun> {
  const agg = new PhaseAggregator();
  const buckets = new OutcomeBucketer(run.phases.boundaries);
  await feed(agg, run, buckets);
  const phases = agg.result();
  const blocked = evictionBlockedMs(run.events);
  return {
    iteration: run.input.iteration,
    verdict: verdictOf(phases),
    startedAt: run.phases.boundaries.baseline,
    phases,
    endpointLags: endpointLags(run.events),
    ...(blocked === undefined ? {} : { evictionBlockedMs: blocked }),
    files: { requests: relative(reportDir, run.input.requestsFile), timeline: relative(reportDir, run.input.timelineFile) },
    timeline: run.events,
    boundaries: { ...run.phases.boundaries },
    buckets: buckets.result(),
  };
}

/**
 * A scenario over all its iterations: phase totals recomputed from every run's records (so
 * percentiles stay exact), lossy if any run was lossy, flaky when runs disagree.
 */
export async function buildScenarioReport(s: ScenarioInput, reportDir: string): Promise<ScenarioReport> {
  if (s.runs.length === 0) throw new ZerodropError(`scenario ${s.name} has no finished run to report`);
  const loaded = await Promise.all(s.runs.map(loadRun));
  const runs = await Promise.all(loaded.map((r) => toScenarioRun(r, reportDir)));
  const total = new PhaseAggregator();
  for (const r of loaded) await feed(total, r);
  const verdict = runs.some((r) => r.verdict === 'lossy') ? 'lossy' : 'lossless';
  return {
    name: s.name,
    description: s.description,
    ...(s.why ? { why: s.why } : {}),
    disruption: s.disruption,
    expected: s.expected,
    verdict,
    met: verdictMet(verdict, s.expected),
    flaky: new Set(runs.map((r) => r.verdict)).size > 1,
    phases: total.result(),
    runs,
  };
}

/** Caveats the measurements themselves call for: phases of a run in which no request started. */
export function measurementNotes(scenarios: readonly ScenarioReport[]): string[] {
  const notes: string[] = [];
  for (const s of scenarios) {
    for (const r of s.runs) {
      const empty = r.phases.filter((p) => p.requests === 0).map((p) => p.name);
      if (empty.length) notes.push(`${s.name} run #${r.iteration}: no request started during ${empty.join(', ')}; its verdict rests on no data there`);
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
    load: { ...meta.load },
    scenarios,
  };
}
