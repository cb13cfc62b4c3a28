import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/load/types.ts';
import { classify } from '../../src/metrics/classify.ts';
import { buildScenarioRun } from '../../src/metrics/result/build-report.ts';
import type { PhaseStats } from '../../src/metrics/types.ts';
import { rec } from './records.ts';
import { phaseEvents, writeSyntheticRun } from './synthetic-run.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** 10 req/s per stream over 1 s phases (1000, 2000, 3000, 4000); `codeAt(t, stream)` picks each answer. */
function records(codeAt: (t: number, stream: 'keep-alive' | 'new-connection') => number): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (let t = 1000; t < 4000; t += 100) {
    out.push(rec(t, codeAt(t, 'keep-alive')));
    out.push(rec(t + 50, codeAt(t + 50, 'new-connection'), { stream: 'new-connection', fresh: true }));
  }
  return out;
}

/** One run built from the records streamed to disk, as a run leaves them. */
async function run(recs: RequestRecord[]) {
  const dir = await mkdtemp(join(tmpdir(), 'zd-4xx-'));
  dirs.push(dir);
  const plans = [
    { name: 'keep-alive' as const, rate: 10 },
    { name: 'new-connection' as const, rate: 10 },
  ];
  const files = await writeSyntheticRun(dir, plans, recs, phaseEvents());
  return buildScenarioRun({ iteration: 1, ...files }, dir);
}

const phase = (phases: PhaseStats[], name: string) => phases.find((p) => p.name === name)!;
const inDisruption = (t: number) => t >= 2000 && t < 3000;

describe('the 4xx rule: 408, 425, 429 and unexpected-4xx fail, a 4xx the baseline also answered does not', () => {
  it('classify: 408, 425, 429 always fail; another 4xx fails only when the baseline lacks it', () => {
    const baseline = new Set([404]);
    for (const s of [408, 425, 429]) expect(classify(s, baseline)).toBe('http4xxFailed');
    expect(classify(404, baseline)).toBe('http4xx');
    expect(classify(403, baseline)).toBe('http4xxFailed');
    expect(classify('403', new Set([403]))).toBe('http4xx');
    expect(classify(403)).toBe('http4xx'); // no baseline known (live counts): only 408/425/429 fail
  });

  it('a 429 only during the disruption makes the run lossy, named as a failed 4xx with its code', async () => {
    const r = await run(records((t, s) => (inDisruption(t) && s === 'keep-alive' && t % 200 === 0 ? 429 : 200)));
    expect(r.verdict).toBe('lossy');
    expect(r.validity.valid).toBe(true);
    const d = phase(r.phases, 'disruption');
    expect(d).toMatchObject({ http4xxFailed: 5, http4xx: 0, http4xxFailedByCode: { 429: 5 } });
    expect(d.errorPct).toBe(25);
    expect(phase(r.streams.find((s) => s.name === 'keep-alive')!.phases, 'disruption').http4xxFailed).toBe(5);
    expect((r.diagnosis ?? []).reduce((n, e) => n + e.count, 0)).toBe(5);
  });

  it('a 404 in every phase is lossless: the app answers the load path with 404, not a loss', async () => {
    const r = await run(records(() => 404));
    expect(r.verdict).toBe('lossless');
    for (const name of ['baseline', 'disruption', 'recovery']) {
      expect(phase(r.phases, name)).toMatchObject({ http4xx: 20, http4xxFailed: 0, errorPct: 0 });
    }
  });

  it('a 403 only during the disruption is lossy (unexpected-4xx), beside a 404 that is ordinary', async () => {
    const r = await run(records((t) => (inDisruption(t) && t % 200 === 0 ? 403 : t % 300 === 0 ? 404 : 200)));
    expect(r.verdict).toBe('lossy');
    const d = phase(r.phases, 'disruption');
    expect(d.http4xxFailedByCode).toEqual({ 403: 5 });
    expect(d.http4xxFailed).toBe(5);
    expect(d.http4xx).toBeGreaterThan(0);
  });

  it('the baseline is read in a pass of its own: a baseline 404 written after the disruption records still counts', async () => {
    const recs = records((t) => (t >= 2000 && t % 500 === 0 ? 404 : 200));
    recs.push(rec(1950, 404, { ms: 10 })); // ended in the baseline, written last
    const r = await run(recs);
    expect(r.verdict).toBe('lossless');
    expect(phase(r.phases, 'disruption').http4xx).toBeGreaterThan(0);
  });

  it('a 408 in the baseline is a baseline failure: the run is invalid', async () => {
    const r = await run(records((t) => (t === 1500 ? 408 : 200)));
    expect(r.verdict).toBe('invalid');
  });
});
