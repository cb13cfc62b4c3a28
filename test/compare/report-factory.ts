import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DisruptionKind } from '../../src/k8s/disruption-kind.ts';
import type { StreamPlan } from '../../src/load/types.ts';
import { buildReportModel, buildScenarioReport } from '../../src/metrics/result/build-report.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import type { Threshold } from '../../src/metrics/threshold-spec.ts';
import type { ExpectedVerdict } from '../../src/metrics/types.ts';
import { renderJson } from '../../src/report/reporters/json.ts';
import { rec } from '../metrics/records.ts';
import { phaseEvents, writeSyntheticRun } from '../metrics/synthetic-run.ts';

/**
 * Real reports for the compare tests, built by the report code from generated request logs:
 * phases of 1 s, 10 req/s on each stream (slots 100 ms apart). A run's `failures` turn that many
 * judged slots into resets, in order: keep-alive disruption, keep-alive recovery, then the same
 * on new-connection. Touching slots merge, so up to 20 failures a run has failures x 0.1
 * disruption seconds (new-connection slots fall at the same times: they add failures, not seconds).
 */
const PLANS: StreamPlan[] = [
  { name: 'keep-alive', rate: 10 },
  { name: 'new-connection', rate: 10 },
];
export const SLOT_SECONDS = 0.1;

export interface ScenarioSpec {
  name: string;
  disruption?: DisruptionKind;
  expected?: ExpectedVerdict;
  runs: number[];
  thresholds?: Threshold[];
}

function records(failures: number) {
  const judged = PLANS.flatMap((p) => [2000, 3000].map((start) => ({ start, stream: p.name })));
  const failing = new Set(
    judged.flatMap(({ start, stream }) => Array.from({ length: 10 }, (_, i) => `${stream}@${start + i * 100}`)).slice(0, failures),
  );
  return [1000, 2000, 3000].flatMap((start) =>
    PLANS.flatMap((p) =>
      Array.from({ length: 10 }, (_, i) => {
        const t = start + i * 100;
        return rec(t, failing.has(`${p.name}@${t}`) ? 'ECONNRESET' : 200, { stream: p.name, pod: 'web' });
      }),
    ),
  );
}

/** Builds one report under `dir/<runId>/` (its raw files beside it); returns the model. */
export async function buildReport(dir: string, runId: string, startedAt: Date, scenarios: ScenarioSpec[]): Promise<ReportModel> {
  const out = join(dir, runId);
  const built = [];
  for (const s of scenarios) {
    const runs = [];
    for (const [i, failures] of s.runs.entries()) {
      const at = join(out, `${s.name}-${s.disruption ?? 'rollout'}`, String(i + 1));
      await mkdir(at, { recursive: true });
      runs.push({ iteration: i + 1, ...(await writeSyntheticRun(at, PLANS, records(failures), phaseEvents())) });
    }
    built.push(
      await buildScenarioReport(
        {
          name: s.name,
          description: `${s.name} (generated)`,
          disruption: s.disruption ?? 'rollout',
          expected: s.expected ?? 'any',
          thresholds: s.thresholds,
          runs,
        },
        out,
      ),
    );
  }
  return buildReportModel(
    {
      runId,
      provider: 'local',
      emulated: true,
      toolVersion: '0.1.0',
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 60_000),
      notes: [],
      load: { rate: 20, maxConnections: 40, timeoutMs: 1000, streams: PLANS },
    },
    built,
  );
}

/** buildReport, then writes its report.json; returns the report directory. */
export async function writeReport(dir: string, runId: string, startedAt: Date, scenarios: ScenarioSpec[]): Promise<string> {
  const model = await buildReport(dir, runId, startedAt, scenarios);
  await writeFile(join(dir, runId, 'report.json'), renderJson(model));
  return join(dir, runId);
}

/** The n-th night of a history, one day apart. */
export const night = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 2, 0, 0));
