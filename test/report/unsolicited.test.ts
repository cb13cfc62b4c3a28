import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamPlan } from '../../src/load/types.ts';
import { buildReportModel, buildScenarioReport, type ReportMeta } from '../../src/metrics/result/build-report.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import { rec } from '../metrics/records.ts';
import { phaseEvents, writeSyntheticRun } from '../metrics/synthetic-run.ts';

const plans: StreamPlan[] = [
  { name: 'keep-alive', rate: 10 },
  { name: 'new-connection', rate: 10 },
];
const meta: ReportMeta = {
  runId: 'events-run',
  provider: 'local',
  emulated: true,
  toolVersion: '0.1.0',
  startedAt: new Date(0),
  finishedAt: new Date(0),
  notes: [],
  load: { rate: 20, maxConnections: 40, timeoutMs: 1000, streams: plans },
};
const ok = () =>
  [1000, 2000, 3000].flatMap((s) =>
    plans.flatMap((p) => Array.from({ length: 10 }, (_, i) => rec(s + i * 100, 200, { stream: p.name, pod: 'web' }))),
  );
/** An event line as the engine writes it (load/connection-event.ts): the record shape with code UNSOLICITED. */
const unsolicited = (t: number, stream: StreamPlan['name']) => rec(t, 'UNSOLICITED', { ms: 0, stream, pod: 'web', conn: 7 });

let dir: string;
let model: ReportModel;
let clean: ReportModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-unsolicited-'));
  const run = async (name: string, extra: ReturnType<typeof rec>[]) => {
    const d = join(dir, name);
    await mkdir(d);
    return writeSyntheticRun(d, plans, [...ok(), ...extra], phaseEvents());
  };
  const r1 = await run('r1', [unsolicited(1500, 'keep-alive'), unsolicited(2500, 'keep-alive'), unsolicited(2600, 'new-connection')]);
  const r2 = await run('r2', [unsolicited(3300, 'keep-alive')]);
  const r3 = await run('r3', []);
  const scenario = (runs: { requestsFile: string; timelineFile: string }[]) =>
    buildScenarioReport(
      {
        name: 'hints',
        description: 'an app that answers on idle connections',
        disruption: 'rollout',
        expected: 'lossless',
        runs: runs.map((r, i) => ({ iteration: i + 1, ...r })),
      },
      dir,
    );
  model = buildReportModel(meta, [await scenario([r1, r2])]);
  clean = buildReportModel(meta, [await scenario([r3])]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('unsolicited answers in the report', () => {
  it('are counted per stream from the log’s event lines, per run and summed, and are no requests', () => {
    const [s] = model.scenarios;
    expect(s.runs[0].unsolicited).toEqual({ 'keep-alive': 2, 'new-connection': 1 });
    expect(s.runs[1].unsolicited).toEqual({ 'keep-alive': 1, 'new-connection': 0 });
    expect(s.unsolicited).toEqual({ 'keep-alive': 3, 'new-connection': 1 });
    expect(s.verdict).toBe('lossless');
    for (const r of s.runs) {
      expect(r.phases.map((p) => [p.requests, p.other])).toEqual([
        [20, 0],
        [20, 0],
        [20, 0],
      ]);
      expect(r.failuresByPod).toEqual([]);
    }
    expect(clean.scenarios[0].unsolicited).toEqual({ 'keep-alive': 0, 'new-connection': 0 });
    expect(validateReport(JSON.parse(JSON.stringify(model)))).toEqual([]);
  });

  it('are shown by the console, Markdown and HTML reporters when there were any', () => {
    expect(renderConsole(model)).toMatch(/unsolicited answers \(.*\): keep-alive 3, new-connection 1/);
    expect(renderMarkdown(model)).toMatch(/\*\*Unsolicited answers\*\* \(.*\): keep-alive 3, new-connection 1/);
    expect(renderHtml(model)).toMatch(/<p class="unsolicited">.*keep-alive 3, new-connection 1<\/p>/);
    expect(renderConsole(clean)).not.toMatch(/unsolicited answers/i);
    expect(renderMarkdown(clean)).not.toMatch(/unsolicited answers/i);
    expect(renderHtml(clean)).not.toMatch(/class="unsolicited"/);
  });
});
