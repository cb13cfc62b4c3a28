import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStream } from '../../src/load/remote/agent-stream.ts';
import { type LoaderRun, mergeLoaderLogs } from '../../src/load/remote/merge-loaders.ts';
import { buildReportModel, buildScenarioReport } from '../../src/metrics/result/build-report.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { generateAgentLog } from './remote-fixtures.ts';

const T0 = 1.76e12;
const streams = [
  { name: 'keep-alive' as const, rate: 50 },
  { name: 'new-connection' as const, rate: 50 },
];
/** Only the pod on worker2 sees failures, and only in the disruption's first second. */
const lossOnWorker2 = (t: number) => t >= T0 + 2000 && t < T0 + 3000;

let dir: string;
let model: ReportModel;
const sent: number[] = [];
const failedOn2: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-loadpods-'));
  const runs: LoaderRun[] = [];
  for (const [k, node] of ['cp', 'worker', 'worker2'].entries()) {
    const fails = node === 'worker2' ? lossOnWorker2 : () => false;
    const log = await generateAgentLog({
      loader: k,
      streams,
      start: T0,
      stop: T0 + 6000,
      clock: { offsetMs: 0, driftPpm: 0, t0: T0 },
      seed: 40 + k,
      fails,
    });
    sent.push(log.truth.length);
    if (node === 'worker2') failedOn2.push(log.truth.filter((t) => fails(t.t)).length);
    let raw = '';
    const s = new AgentStream({
      lines: (b) => {
        raw += b;
      },
    });
    for (const l of log.lines) s.push(`${l}\n`);
    const rawFile = join(dir, `${k}.ndjson`);
    await writeFile(rawFile, raw);
    const clock = { offsetMs: 0.2, uncertaintyMs: 3.5, at: T0 };
    runs.push({
      name: `zerodrop-load-${k}-x`,
      node,
      streams,
      restarts: 0,
      rawFile,
      clock: { start: clock, end: { ...clock, at: T0 + 6000 } },
      startAt: T0,
      stopAt: T0 + 6000,
    });
  }
  const requestsFile = join(dir, 'requests.ndjson');
  await mergeLoaderLogs(requestsFile, runs, T0);
  const timeline: TimelineEvent[] = [
    ...['baseline', 'disruption', 'recovery', 'end'].map((detail, i) => ({
      t: T0 + 2000 * i + (i === 3 ? 10 : 0),
      kind: 'phase' as const,
      detail,
    })),
    { t: T0 + 2100, kind: 'node-cordoned', node: 'worker2' },
  ];
  const timelineFile = join(dir, 'timeline.ndjson');
  await writeFile(timelineFile, timeline.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const scenario = await buildScenarioReport(
    {
      name: 'prestop-sleep',
      description: 'd',
      disruption: 'drain',
      expected: 'lossless',
      runs: [{ iteration: 1, requestsFile, timelineFile }],
    },
    dir,
  );
  model = buildReportModel(
    {
      runId: 'r',
      provider: 'kind',
      emulated: false,
      toolVersion: '0',
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 7000),
      notes: [],
      load: { rate: 300, maxConnections: 0, timeoutMs: 2000, streams },
    },
    [scenario],
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('per load pod report', () => {
  it("gives each load pod its node and own per-phase stats, which add up to the run's", () => {
    const run = model.scenarios[0].runs[0];
    const pods = run.loadPods!;
    expect(pods.map((p) => [p.name, p.node, p.rate])).toEqual([
      ['zerodrop-load-0-x', 'cp', 100],
      ['zerodrop-load-1-x', 'worker', 100],
      ['zerodrop-load-2-x', 'worker2', 100],
    ]);
    for (const [i, phase] of run.phases.entries()) {
      expect(pods.reduce((n, p) => n + p.phases[i].requests, 0)).toBe(phase.requests);
      expect(pods.reduce((n, p) => n + p.phases[i].reset, 0)).toBe(phase.reset);
    }
    expect(pods.map((p) => p.received)).toEqual(sent);
    expect(pods.every((p) => p.missing === 0 && p.slotsFrom === 'agent')).toBe(true);
    // The loss shows on worker2's pod alone, in the disruption.
    expect(pods.map((p) => p.phases[1].reset)).toEqual([0, 0, failedOn2[0]]);
    expect(pods[2].failedBuckets.reduce((a, b) => a + b, 0)).toBe(failedOn2[0]);
    expect(pods[2].clock).toEqual({ startOffsetMs: 0.2, endOffsetMs: 0.2, uncertaintyMs: 3.5 });
    expect(validateReport(JSON.parse(JSON.stringify(model)))).toEqual([]);
  });

  it('says which load pod ran on the drained node', () => {
    expect(model.notes.some((n) => n.includes('zerodrop-load-2-x ran on the drained node worker2'))).toBe(true);
  });

  it('shows per load pod its node and its failures in the console, markdown and HTML reports', () => {
    const text = renderConsole(model);
    expect(text).toMatch(new RegExp(`zerodrop-load-2-x on worker2 at 100 req/s: \\d+/0, \\d+/${failedOn2[0]}, \\d+/0`));
    expect(text).toMatch(/zerodrop-load-0-x on cp at 100 req\/s: \d+\/0, \d+\/0, \d+\/0; missing 0; clock \+0\.2\/\+0\.2 ±3\.5 ms/);
    const md = renderMarkdown(model);
    expect(md).toContain('**Load pods**');
    expect(md).toMatch(new RegExp(`\\| #1 \\| \`zerodrop-load-2-x\` \\| worker2 \\| 100 \\| \\d+/0 \\| \\d+/${failedOn2[0]} \\|`));
    const html = renderHtml(model);
    expect(html).toContain('<g class="load-pods">');
    // One lane per load pod; failure bars (red) only in worker2's.
    const lanes = [...html.matchAll(/<g class="load-lane" data-load-pod="([^"]+)" data-node="([^"]+)">(.*?)<\/g>/g)];
    expect(lanes.map((m) => m[2])).toEqual(['cp', 'worker', 'worker2']);
    expect(lanes.map((m) => (m[3].match(/fill="#c92a2a"/g) ?? []).length > 0)).toEqual([false, false, true]);
  });
});
