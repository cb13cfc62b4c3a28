import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamPlan } from '../../src/load/types.ts';
import { buildReportModel, buildScenarioReport, measurementNotes, type ReportMeta } from '../../src/metrics/result/build-report.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { fileReporters, getReporter, reporterNames } from '../../src/report/registry.ts';
import { miniRun } from '../metrics/mini-run.ts';
import { rec } from '../metrics/records.ts';
import { phaseEvents, writeSyntheticRun } from '../metrics/synthetic-run.ts';

const plans: StreamPlan[] = [
  { name: 'keep-alive', rate: 10 },
  { name: 'new-connection', rate: 10 },
];
const meta: ReportMeta = {
  runId: 'test-run',
  provider: 'local',
  emulated: true,
  toolVersion: '0.1.0',
  startedAt: new Date(),
  finishedAt: new Date(),
  notes: ['PID-1 semantics were not reproduced'],
  load: { rate: 20, maxConnections: 40, timeoutMs: 1000, streams: plans },
};
/** 10 ok requests per stream and phase, on target; web-new answers. */
const full = () =>
  [1000, 2000, 3000].flatMap((s) =>
    plans.flatMap((p) => Array.from({ length: 10 }, (_, i) => rec(s + i * 100, 200, { stream: p.name, pod: 'web-new' }))),
  );
const lossyRecords = () => [
  ...full(),
  rec(1950, 'ECONNRESET', { ms: 50, pod: 'web-old' }), // sent in baseline, reset at the disruption boundary: disruption
  rec(2200, 200, { stream: 'new-connection', pod: 'web-old' }), // web-old still took a new connection 200 ms after its deletion
  rec(2400, 'ECONNREFUSED', { stream: 'new-connection', pod: '' }),
  rec(2500, 'ECONNREFUSED', { stream: 'new-connection', pod: '' }),
];
const lifecycle = [
  { t: 2000, kind: 'pod-deleted' as const, pod: 'web-old' },
  { t: 2300, kind: 'endpoint-removed' as const, pod: 'web-old' },
];

let dir: string;
let model: ReportModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-report-'));
  const at = async (name: string) => {
    const d = join(dir, name);
    await mkdir(d);
    return d;
  };
  const lossy = await writeSyntheticRun(await at('r1'), plans, lossyRecords(), [...phaseEvents(), ...lifecycle]);
  const clean = await writeSyntheticRun(await at('r2'), plans, full(), phaseEvents());
  const cut = await writeSyntheticRun(
    await at('r3'),
    plans,
    full().filter((r) => r.t < 3500),
    phaseEvents(true),
  );
  const flaky = await buildScenarioReport(
    {
      name: 'exec-entrypoint',
      description: 'exec, no preStop',
      why: 'endpoint removal races SIGTERM',
      disruption: 'rollout',
      expected: 'lossy',
      runs: [
        { iteration: 1, ...lossy },
        { iteration: 2, ...clean },
      ],
    },
    dir,
  );
  const broken = await buildScenarioReport(
    {
      name: 'prestop-sleep',
      description: 'the reference',
      disruption: 'delete',
      expected: 'lossless',
      runs: [
        { iteration: 1, ...clean },
        { iteration: 2, ...cut },
      ],
    },
    dir,
  );
  model = buildReportModel(meta, [flaky, broken]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report model from request logs', () => {
  it('builds each run: verdict, validity, streams, failures per pod, endpoint and data-path lags, buckets', () => {
    const run = model.scenarios[0].runs[0];
    expect(run).toMatchObject({
      iteration: 1,
      verdict: 'lossy',
      validity: { valid: true, reasons: [] },
      files: { requests: 'r1/requests.ndjson', timeline: 'r1/timeline.ndjson' },
    });
    expect(run.boundaries).toEqual({ baseline: 1000, disruption: 2000, recovery: 3000, end: 4000 });
    const [ka, nc] = run.streams;
    expect([ka.name, ka.rate, nc.name, nc.rate]).toEqual(['keep-alive', 10, 'new-connection', 10]);
    expect(ka.phases[1]).toMatchObject({ requests: 11, reset: 1, targetRequests: 10, disruptionSeconds: 0.1 });
    expect(ka.phases[0]).toMatchObject({ requests: 10, reset: 0 });
    expect(nc.phases[1]).toMatchObject({ requests: 13, refused: 2, disruptionSeconds: 0.2, longestOutageMs: 200 }); // touching slots merge
    expect(run.phases[1]).toMatchObject({ requests: 24, reset: 1, refused: 2, targetRequests: 20, targetRate: 20, disruptionSeconds: 0.3 });
    expect(run.failuresByPod).toEqual([
      { pod: '', failed: 2, byOutcome: { refused: 2 }, byStream: { 'new-connection': 2 } },
      { pod: 'web-old', failed: 1, byOutcome: { reset: 1 }, byStream: { 'keep-alive': 1 } },
    ]);
    expect(run.endpointLags).toEqual([
      { pod: 'web-old', deletedAt: 2000, endpointRemovedAt: 2300, lagMs: 300, lastNewConnectionAt: 2200, dataPathLagMs: 200 },
    ]);
    expect(run.buckets.counts.reset.reduce((a, b) => a + b, 0)).toBe(1);
    expect(run.buckets.counts.reset[(2000 - 1000) / run.buckets.ms]).toBe(1); // bucketed by its end
  });

  it('totals runs per stream and combined and derives verdict, met and flaky', () => {
    const [flaky] = model.scenarios;
    expect(flaky).toMatchObject({ verdict: 'lossy', met: true, flaky: true, invalidReasons: [] });
    expect(flaky.runs.map((r) => r.verdict)).toEqual(['lossy', 'lossless']);
    expect(flaky.phases[1]).toMatchObject({ requests: 44, targetRequests: 40, reset: 1, refused: 2, disruptionSeconds: 0.3 });
    expect(flaky.streams.map((s) => s.phases[1].requests)).toEqual([21, 23]);
    expect(flaky.streams[1].phases[1]).toMatchObject({ targetRequests: 20, targetRate: 10, achievedRate: 11.5 });
  });

  it('calls a scenario invalid when a run is, naming the run, and never met', () => {
    const broken = model.scenarios[1];
    expect(broken.runs.map((r) => r.verdict)).toEqual(['lossless', 'invalid']);
    expect(broken).toMatchObject({ verdict: 'invalid', met: false, flaky: false });
    expect(broken.invalidReasons[0]).toMatch(/^run #2: the run stopped early/);
    expect(broken.invalidReasons).toEqual(broken.runs[1].validity.reasons.map((r) => `run #2: ${r}`));
  });

  it('writes report.json that validates against the schema and keeps the contract names', () => {
    const json = JSON.parse(getReporter('json').render(model));
    expect(validateReport(json)).toEqual([]);
    expect(json.schemaVersion).toBe(2);
    expect(json.load).toEqual({ rate: 20, maxConnections: 40, timeoutMs: 1000, streams: plans });
    const s = json.scenarios[0];
    for (const k of ['name', 'verdict', 'expected', 'met', 'invalidReasons', 'phases', 'streams']) expect(s).toHaveProperty(k);
    for (const k of [
      'name',
      'requests',
      'targetRequests',
      'achievedRate',
      'ok',
      'http5xx',
      'reset',
      'refused',
      'timeout',
      'malformed',
      'other',
      'dropped',
      'client',
      'p99Ms',
      'disruptionSeconds',
    ]) {
      expect(s.phases[0]).toHaveProperty(k);
      expect(s.streams[1].phases[0]).toHaveProperty(k);
    }
  });

  it('rejects reports that break the contract', () => {
    const json = JSON.parse(getReporter('json').render(model));
    delete json.scenarios[0].phases[0].p99Ms;
    json.scenarios[1].verdict = 'ok';
    json.scenarios[0].runs[0].streams[0].name = 'pipelined';
    json.scenarios[0].runs[0].validity.extra = 1;
    json.scenarios[0].runs[0].evictionBlockedMs = 5;
    json.schemaVersion = 1;
    const errors = validateReport(json).join('\n');
    expect(errors).toMatch(/p99Ms/);
    expect(errors).toMatch(/\/scenarios\/1\/verdict/);
    expect(errors).toMatch(/\/scenarios\/0\/runs\/0\/streams\/0\/name/);
    expect(errors).toMatch(/\/scenarios\/0\/runs\/0\/validity: must NOT have additional properties/);
    expect(errors).toMatch(/\/scenarios\/0\/runs\/0: must NOT have additional properties/);
    expect(errors).toMatch(/\/schemaVersion/);
  });

  it('maps format names to reporters', () => {
    expect(reporterNames()).toEqual(expect.arrayContaining(['console', 'json', 'markdown']));
    expect(getReporter('markdown').fileName).toBe('report.md');
    expect(
      fileReporters()
        .map((r) => r.fileName)
        .slice(0, 2),
    ).toEqual(['report.json', 'report.md']);
    expect(() => getReporter('pdf')).toThrow(/unknown report format 'pdf'/);
  });
});

describe('measurement notes', () => {
  it('flags a valid run with a phase in which no request completed, and leaves invalid runs to their reasons', () => {
    const s = structuredClone(model.scenarios[0]);
    expect(measurementNotes([s])).toEqual([]);
    s.runs[0].phases[2].requests = 0;
    expect(measurementNotes([s])).toEqual([
      'exec-entrypoint run #1: no request completed during recovery; its verdict rests on no data there',
    ]);
    s.runs[0].validity = { valid: false, reasons: ['x'] };
    expect(measurementNotes([s])).toEqual([]);
  });
});

describe('report model from real load runs', () => {
  it('sees the 503s of a misbehaving server in disruption on both streams, and a clean run lossless', async () => {
    const runDir = await mkdtemp(join(dir, 'real-'));
    const bad = await miniRun('503', 500, await mkdtemp(join(runDir, 'a-')));
    const good = await miniRun('none', 500, await mkdtemp(join(runDir, 'b-')));
    const s = await buildScenarioReport(
      {
        name: 'real',
        description: 'real load',
        disruption: 'rollout',
        expected: 'lossy',
        runs: [
          { iteration: 1, requestsFile: bad.requestsFile, timelineFile: bad.timelineFile },
          { iteration: 2, requestsFile: good.requestsFile, timelineFile: good.timelineFile, timeline: good.timeline },
        ],
      },
      runDir,
    );
    expect(s.runs.map((r) => r.validity.reasons)).toEqual([[], []]);
    expect(s.runs.map((r) => r.verdict)).toEqual(['lossy', 'lossless']);
    for (const st of s.runs[0].streams) {
      expect(st.phases[1].http5xx).toBeGreaterThan(0);
      expect(st.phases[1].http5xxByCode['503']).toBe(st.phases[1].http5xx);
      expect(st.phases[0].ok).toBe(st.phases[0].requests);
    }
    expect(s.runs[0].failuresByPod[0]).toMatchObject({
      pod: 'web-old',
      byOutcome: { http5xx: s.runs[0].phases.reduce((n, p) => n + p.http5xx, 0) },
    });
    expect(s.phases[1].requests).toBe(s.runs[0].phases[1].requests + s.runs[1].phases[1].requests);
    expect(s.runs[1].endpointLags[0].dataPathLagMs).toBeGreaterThan(0); // web-old answered new connections after its deletion
    expect(validateReport(JSON.parse(getReporter('json').render(buildReportModel(meta, [s]))))).toEqual([]);
  }, 30_000);
});
