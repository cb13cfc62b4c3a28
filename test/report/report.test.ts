import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, buildScenarioReport, measurementNotes } from '../../src/report/build-report.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { fileReporters, getReporter, reporterNames } from '../../src/report/registry.ts';
import { validateReport } from '../../src/report/report-schema.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import { renderJson } from '../../src/report/reporters/json.ts';
import { miniRun } from '../metrics/mini-run.ts';

let dir: string;
let model: ReportModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-report-'));
  const lossy1 = await miniRun('503', 250, await mkdtemp(join(dir, 'r1-')));
  const lossless = await miniRun('none', 250, await mkdtemp(join(dir, 'r2-')));
  const lossy2 = await miniRun('reset', 250, await mkdtemp(join(dir, 'r3-')));
  const flaky = await buildScenarioReport({
    name: 'exec-entrypoint', description: 'exec, no preStop', why: 'endpoint removal races SIGTERM', disruption: 'rollout', expected: 'lossy',
    runs: [
      { iteration: 1, requestsFile: lossy1.requestsFile, timelineFile: lossy1.timelineFile },
      { iteration: 2, requestsFile: lossless.requestsFile, timelineFile: lossless.timelineFile, timeline: lossless.timeline },
    ],
  }, dir);
  const shell = await buildScenarioReport({
    name: 'shell-entrypoint', description: 'shell PID 1', disruption: 'rollout', expected: 'lossless',
    runs: [{ iteration: 1, requestsFile: lossy2.requestsFile, timelineFile: lossy2.timelineFile }],
  }, dir);
  model = buildReportModel({
    runId: 'test-run', provider: 'local', emulated: true, toolVersion: '0.1.0',
    startedAt: new Date(), finishedAt: new Date(), notes: ['PID-1 semantics were not reproduced'],
    load: { rate: 40, connections: 4, timeoutMs: 1000 },
  }, [flaky, shell]);
}, 30_000);
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('report model from real runs', () => {
  it('totals phases over runs and derives verdict, met and flaky', () => {
    const [flaky, shell] = model.scenarios;
    expect(flaky.runs.map((r) => r.verdict)).toEqual(['lossy', 'lossless']);
    expect(flaky).toMatchObject({ verdict: 'lossy', met: true, flaky: true });
    const dis = flaky.phases.find((p) => p.name === 'disruption')!;
    expect(dis.requests).toBe(flaky.runs.reduce((n, r) => n + r.phases[1].requests, 0));
    expect(dis.http5xx).toBeGreaterThan(0);
    expect(dis.http5xxByCode['503']).toBe(dis.http5xx);
    expect(shell).toMatchObject({ verdict: 'lossy', expected: 'lossless', met: false, flaky: false });
    expect(shell.phases[1].reset).toBeGreaterThan(0);
    expect(shell.runs[0].endpointLags).toHaveLength(1);
    expect(shell.runs[0].endpointLags[0].lagMs).toBeGreaterThanOrEqual(200);
    expect(shell.runs[0].files.requests).toMatch(/^r3-[^/]+\/requests\.ndjson$/);
  });

  it('writes report.json that validates against the schema and keeps the contract names', () => {
    const json = JSON.parse(renderJson(model));
    expect(validateReport(json)).toEqual([]);
    expect(json.schemaVersion).toBe(1);
    expect(json.provider).toBe('local');
    const s = json.scenarios[0];
    for (const k of ['name', 'verdict', 'expected', 'phases']) expect(s).toHaveProperty(k);
    expect(['lossless', 'lossy']).toContain(s.verdict);
    for (const k of ['name', 'requests', 'ok', 'http5xx', 'reset', 'refused', 'timeout', 'other', 'p99Ms']) expect(s.phases[0]).toHaveProperty(k);
  });

  it('rejects reports that break the contract', () => {
    const json = JSON.parse(renderJson(model));
    delete json.scenarios[0].phases[0].p99Ms;
    json.scenarios[1].verdict = 'ok';
    json.schemaVersion = 2;
    const errors = validateReport(json).join('\n');
    expect(errors).toMatch(/p99Ms/);
    expect(errors).toMatch(/\/scenarios\/1\/verdict/);
    expect(errors).toMatch(/\/schemaVersion/);
  });

  it('says "emulated" in the console and markdown reports when emulated, and not otherwise', () => {
    const text = renderConsole(model);
    expect(text).toMatch(/provider local \(emulated\)/);
    expect(text).toContain('exec-entrypoint');
    expect(text).toMatch(/lossy ✓ \(expected lossy\) FLAKY 1\/2 lossy/);
    expect(text).toMatch(/lossy ✗ \(expected lossless\)/);
    expect(text).toContain('PID-1 semantics were not reproduced');
    const headerRow = text.split('\n').find((l) => l.startsWith('│ scenario'))!;
    expect(headerRow.split('│').map((c) => c.trim()).filter(Boolean)).toEqual(
      ['scenario', ...['baseline', 'disruption', 'recovery'].flatMap(() => ['req', '5xx', 'rst', 'ref', 't/o', 'err%', 'p99']), 'verdict']);
    expect(text).toMatch(/baseline\s+│\s+disruption\s+│\s+recovery/);
    const execRow = text.split('\n').find((l) => l.startsWith('│ exec-entrypoint'))!;
    const dis = model.scenarios[0].phases[1];
    expect(execRow.split('│').map((c) => c.trim()).slice(9, 16)).toEqual(
      [String(dis.requests), String(dis.http5xx), String(dis.reset), String(dis.refused), String(dis.timeout), expect.any(String), expect.any(String)]);
    const md = renderMarkdown(model);
    expect(md.split('\n')[0]).toMatch(/^# zerodrop report \(emulated\)/);
    expect(md).toContain('**Why:** endpoint removal races SIGTERM');
    expect(md).toMatch(/`web-old`: endpoint removed \d+(\.\d)? ms after deletion/);
    const real = { ...model, emulated: false, provider: 'kind', notes: [] };
    expect(renderConsole(real)).not.toMatch(/emulated/);
    expect(renderMarkdown(real)).not.toMatch(/emulated/);
  });

  it('maps format names to reporters', () => {
    expect(reporterNames()).toEqual(expect.arrayContaining(['console', 'json', 'markdown']));
    expect(getReporter('markdown').fileName).toBe('report.md');
    expect(fileReporters().map((r) => r.fileName).slice(0, 2)).toEqual(['report.json', 'report.md']);
    expect(() => getReporter('pdf')).toThrow(/unknown report format 'pdf'/);
  });
});

describe('measurement notes', () => {
  it('flags runs with a phase in which no request started', () => {
    const s = structuredClone(model.scenarios[1]);
    expect(measurementNotes([s])).toEqual([]);
    s.runs[0].phases[2].requests = 0;
    expect(measurementNotes([s])).toEqual(['shell-entrypoint run #1: no request started during recovery; its verdict rests on no data there']);
  });
});
