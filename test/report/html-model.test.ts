import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_OUTCOMES } from '../../src/metrics/types.ts';
import { buildReportModel, buildScenarioReport } from '../../src/report/build-report.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { bucketWidth } from '../../src/report/outcome-buckets.ts';
import { fileReporters, getReporter } from '../../src/report/registry.ts';
import { validateReport } from '../../src/report/report-schema.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { podLanes } from '../../src/report/reporters/html/pod-lanes.ts';
import { renderJson } from '../../src/report/reporters/json.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { miniRun } from '../metrics/mini-run.ts';

const NASTY = 'x<script>alert("&")</script>';
let dir: string;
let model: ReportModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-html-'));
  const lossy = await miniRun('reset', 300, await mkdtemp(join(dir, 'r-')));
  const s = await buildScenarioReport({
    name: NASTY, description: 'd <b>', disruption: 'rollout', expected: 'lossless',
    runs: [{ iteration: 1, requestsFile: lossy.requestsFile, timelineFile: lossy.timelineFile }],
  }, dir);
  model = buildReportModel({
    runId: 'html-model', provider: 'local', emulated: true, toolVersion: '0.1.0',
    startedAt: new Date(), finishedAt: new Date(), notes: [], load: { rate: 40, connections: 4, timeoutMs: 1000 },
  }, [s]);
}, 30_000);
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('outcome buckets in the report model', () => {
  it('count every request of the run once, by outcome, in round-width buckets from the baseline start', () => {
    const run = model.scenarios[0].runs[0];
    const b = run.buckets!;
    expect(b.start).toBe(run.boundaries.baseline);
    expect(b.ms).toBe(100); // a ~0.9 s run: the smallest width
    expect(b.counts.ok.length).toBe(Math.ceil((run.boundaries.end - run.boundaries.baseline) / b.ms));
    const sum = (o: keyof typeof b.counts) => b.counts[o].reduce((a, v) => a + v, 0);
    const phases = run.phases;
    expect(sum('ok')).toBe(phases.reduce((n, p) => n + p.ok, 0));
    expect(sum('reset')).toBe(phases.reduce((n, p) => n + p.reset, 0));
    expect(sum('reset')).toBeGreaterThan(0);
    const all = (['ok', 'http4xx', ...FAILURE_OUTCOMES] as const).reduce((n, o) => n + sum(o), 0);
    expect(all).toBe(phases.reduce((n, p) => n + p.requests, 0));
    // resets sit where the phase stats put them: buckets wholly in baseline hold at most the
    // baseline's resets, buckets touching the disruption phase at least the disruption's
    const resetsIn = (from: number, to: number) => b.counts.reset.reduce((n, v, i) => {
      const start = b.start + i * b.ms;
      return start >= from && start + b.ms <= to ? n + v : n;
    }, 0);
    expect(resetsIn(run.boundaries.baseline, run.boundaries.disruption)).toBeLessThanOrEqual(phases[0].reset);
    const touching = b.counts.reset.reduce((n, v, i) => {
      const start = b.start + i * b.ms;
      return start < run.boundaries.recovery && start + b.ms > run.boundaries.disruption ? n + v : n;
    }, 0);
    expect(touching).toBeGreaterThanOrEqual(phases[1].reset);
  });

  it('picks bucket widths that keep a run within 150 buckets', () => {
    expect(bucketWidth(900)).toBe(100);
    expect(bucketWidth(30_000)).toBe(200);
    expect(bucketWidth(10 * 60_000)).toBe(5000);
    expect(bucketWidth(48 * 3_600_000) / 1000).toBeGreaterThan(0);
  });

  it('validates against the report schema, with and without buckets', () => {
    const json = JSON.parse(renderJson(model));
    expect(validateReport(json)).toEqual([]);
    delete json.scenarios[0].runs[0].buckets;
    expect(validateReport(json)).toEqual([]);
    json.scenarios[0].runs[0].buckets = { ms: 100, start: 1, counts: { ok: [1] } };
    expect(validateReport(json).join('\n')).toMatch(/buckets\/counts.*reset/);
  });
});

describe('html reporter', () => {
  it('is registered as report.html and escapes names, with no script and no external URL', () => {
    expect(getReporter('html').fileName).toBe('report.html');
    expect(fileReporters().map((r) => r.fileName)).toContain('report.html');
    const html = renderHtml(model);
    expect(html).not.toContain(NASTY);
    expect(html).toContain('x&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html.match(/<svg class="timeline"/g)).toHaveLength(1);
    expect(html).toMatch(/EMULATED/);
    const text = (h: string) => h.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
    expect(text(html)).toMatch(/EMULATED/);
    expect(text(renderHtml({ ...model, emulated: false, provider: 'kind', notes: [] }))).not.toMatch(/emulated/i);
  });

  it('renders a report without buckets (written before they existed) with a note instead of bars', () => {
    const old = structuredClone(model);
    delete old.scenarios[0].runs[0].buckets;
    const html = renderHtml(old);
    expect(html).toContain('no per-bucket request counts');
    expect(html).not.toContain('class="bucket"');
  });
});

describe('pod lanes', () => {
  it('derive lifetime, readiness, preStop and endpoint spans per pod, in order of appearance', () => {
    const ev = (t: number, kind: TimelineEvent['kind'], pod?: string, detail?: string): TimelineEvent => ({ t, kind, pod, detail });
    const lanes = podLanes([
      ev(5, 'pod-created', 'new'), ev(0, 'pod-created', 'old'), ev(1, 'pod-ready', 'old'), ev(2, 'endpoint-added', 'old'),
      ev(6, 'pod-deleted', 'old'), ev(6, 'prestop-start', 'old'), ev(7, 'endpoint-removed', 'old'), ev(9, 'prestop-end', 'old'),
      ev(9, 'sigterm', 'old'), ev(11, 'sigkill', 'old'), ev(12, 'exit', 'old', '137'), ev(8, 'pod-ready', 'new'),
      ev(3, 'disruption-start'),
    ]);
    expect(lanes.map((l) => l.pod)).toEqual(['old', 'new']);
    const [old, neu] = lanes;
    expect(old.alive).toEqual({ start: 0, end: 12 });
    expect(old.ready).toEqual([{ start: 1, end: 12 }]);
    expect(old.endpoint).toEqual([{ start: 2, end: 7 }]);
    expect(old.prestop).toEqual([{ start: 6, end: 9 }]);
    expect(old.marks.map((m) => m.kind)).toEqual(['pod-deleted', 'sigterm', 'sigkill', 'exit']);
    expect(neu).toMatchObject({ alive: { start: 5 }, ready: [{ start: 8 }], endpoint: [] });
    expect(neu.alive.end).toBeUndefined();
  });
});
