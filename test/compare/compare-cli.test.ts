import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/metrics/result/comparison-model.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { executeRun } from '../../src/run/execute-run.ts';
import { runCli } from '../cli/run-cli.ts';
import { fakeProvider } from '../run/fake-provider.ts';
import { night, writeReport } from './report-factory.ts';

let dir: string;
let real: string;
let model: ReportModel;

const write = async (name: string, m: unknown) => {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'report.json'), JSON.stringify(m));
  return join(dir, name);
};

/** The report with `n` requests of `scenario` reset in keep-alive's disruption, everywhere the counts are kept. */
function loseRequests(m: ReportModel, scenario: string, n: number): ReportModel {
  const copy = structuredClone(m);
  const s = copy.scenarios.find((x) => x.name === scenario)!;
  const run = s.runs[0];
  const phases = [s.streams, run.streams].map((st) => st.find((x) => x.name === 'keep-alive')!.phases).concat([s.phases, run.phases]);
  for (const list of phases) {
    const p = list.find((x) => x.name === 'disruption')!;
    p.ok -= n;
    p.reset += n;
    p.errorsByCode.ECONNRESET = (p.errorsByCode.ECONNRESET ?? 0) + n;
  }
  s.verdict = run.verdict = 'lossy';
  s.met = s.expected !== 'lossless';
  return copy;
}

const oneLine = (stderr: string) => stderr.split('\n').filter((l) => l.trim());

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-compare-'));
  real = join(dir, 'real');
  const fake = fakeProvider({ disruptionSettleMs: 1000 }); // a disruption phase with requests in it
  await executeRun({
    scenarios: ['prestop-sleep'],
    provider: 'local',
    disruption: 'delete',
    repeat: 1,
    outDir: real,
    load: { rate: 40, baselineSeconds: 0.5, recoverySeconds: 0.5 },
    createProvider: () => fake.provider,
  });
  model = JSON.parse(await readFile(join(real, 'report.json'), 'utf8')) as ReportModel;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('zerodrop compare BASE NEW', () => {
  it('a real report compared with itself exits 0 and shows no change', async () => {
    expect(model.scenarios[0]).toMatchObject({ name: 'prestop-sleep', verdict: 'lossless' });
    const r = await runCli(['compare', real, join(real, 'report.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout.split('\n').filter((l) => /\b(baseline|disruption|recovery)\s/.test(l) && /(keep-alive|new-connection)/.test(l));
    expect(rows).toHaveLength(model.scenarios[0].streams.length * 3);
    for (const row of rows) expect(row).not.toMatch(/\([+-]|worse|better/);
    expect(r.stdout).toMatch(/ok {3}prestop-sleep \(delete\): failed requests 0, still lossless/);
    expect(r.stdout).toContain('1 scenario compared, no regression');
    const json = await runCli(['compare', real, real, '--json']);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout) as Comparison;
    expect(c.regressed).toBe(false);
    expect(
      c.scenarios[0].phases
        .flatMap((p) => p.figures)
        .map((f) => [f.delta, f.change])
        .filter(([d, ch]) => d !== 0 || ch !== 'same'),
    ).toEqual([]);
  });

  it('a copy in which the lossless scenario lost requests exits 1, naming the scenario and the figure', async () => {
    const lost = 7;
    const copy = await write('lost', loseRequests(model, 'prestop-sleep', lost));
    const r = await runCli(['compare', real, copy]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      `FAIL prestop-sleep (delete): failed requests 0 → ${lost} (+${lost}) in disruption and recovery (keep-alive disruption ${lost})`,
    );
    expect(r.stdout).toMatch(new RegExp(`keep-alive +disruption +${lost} \\(\\+${lost}\\) .*worse: failed`));
    expect(r.stdout).toContain('1 regressed (prestop-sleep (delete)): exit 1');
    const md = await runCli(['compare', real, copy, '--markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## Comparison: REGRESSED\n/);
    expect(md.stdout).toMatch(/^\| scenario \| stream \| phase \| failed \|/m);
    expect(oneLine(md.stderr)).toEqual([
      `zerodrop: regression: prestop-sleep (delete): failed requests 0 → ${lost} (+${lost}) in disruption and recovery (keep-alive disruption ${lost}): a lossless scenario must stay at exactly zero (reference: latest base report (run ${model.runId}))`,
    ]);
    const json = JSON.parse((await runCli(['compare', real, copy, '--json'])).stdout) as Comparison;
    expect(json.scenarios[0].checks).toMatchObject([{ kind: 'lossless', passed: false, figure: 'failed', value: lost, limit: 0 }]);
    // And the other way round: fewer failures than the base is an improvement, not a regression.
    const back = await runCli(['compare', copy, real]);
    expect(back.code, back.stdout).toBe(0);
    expect(back.stdout).toMatch(/keep-alive +disruption +0 \(-7\) .*better: failed/);
  });

  it('reads a history directory: every report.json below it, oldest first, the 95th percentile once there are 5', async () => {
    const hist = join(dir, 'history');
    const nights = [4, 6, 5, 3, 7];
    for (const [i, f] of nights.entries())
      await writeReport(join(hist, `night-${i}`), `night-${i}`, night(i), [{ name: 'tcp-probe', expected: 'lossy', runs: [f] }]);
    const next = await writeReport(dir, 'tonight', night(9), [{ name: 'tcp-probe', expected: 'lossy', runs: [8] }]);
    const r = await runCli(['compare', hist, next, '--json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout) as Comparison;
    expect(c.base.map((b) => b.runId)).toEqual(nights.map((_, i) => `night-${i}`));
    expect(c.scenarios[0].checks.find((k) => k.kind === 'disruption')).toMatchObject({ passed: false, basis: 'p95 of 5 earlier reports' });
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(
        /^zerodrop: regression: tcp-probe \(rollout\): disruption seconds per run 0\.8, above the limit 0\.7 by \+0\.1/,
      ),
    ]);
  });

  it('tolerates fields it does not know (a later addition, at any level)', async () => {
    const extra = structuredClone(model) as ReportModel & { addedLater: number };
    extra.addedLater = 1;
    (extra.scenarios[0] as unknown as Record<string, unknown>).addedLater = [{ id: 'x' }];
    (extra.scenarios[0].phases[1] as unknown as Record<string, unknown>).addedLater = 'y';
    const r = await runCli(['compare', real, await write('extra', extra)]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('exits 2 with one line for another schema version, a bad field, a file that is not a report, or both output formats', async () => {
    const v1 = await write('v1', { ...model, schemaVersion: 1 });
    const bad = structuredClone(model) as unknown as { scenarios: { phases: Record<string, unknown>[] }[] };
    bad.scenarios[0].phases[1].p99Ms = 'slow';
    const badDir = await write('bad', bad);
    await cp(join(real, 'report.json'), join(dir, 'copy.json'));
    await writeFile(join(dir, 'not-json.json'), '{"schemaVersion": 2,');
    const cases: [string[], RegExp][] = [
      [['compare', v1, real], /^zerodrop: \S+v1\/report\.json: report schema version 1 is not supported \(this zerodrop reads 2\)/],
      [['compare', real, v1], /^zerodrop: \S+v1\/report\.json: report schema version 1 is not supported/],
      [['compare', real, badDir], /^zerodrop: \S+bad\/report\.json: scenarios\[0\]\.phases\[1\]\.p99Ms: must be number$/],
      [['compare', join(dir, 'not-json.json'), real], /^zerodrop: \S+not-json\.json: not valid JSON: /],
      [['compare', join(dir, 'nowhere'), real], /^zerodrop: \S+nowhere: cannot read the report: file not found/],
      [['compare', join(dir, 'copy.json'), real, '--json', '--markdown'], /^zerodrop: --json: cannot be combined with --markdown/],
    ];
    for (const [argv, line] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(oneLine(r.stderr), argv.join(' ')).toEqual([expect.stringMatching(line)]);
      expect(r.stdout).toBe('');
    }
  });
});
