import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from '../cli/run-cli.ts';

describe('zerodrop demo, end to end on the embedded runtime', () => {
  it('shows shell-entrypoint and no-probe lossy, prestop-sleep lossless, exec-entrypoint beside them', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-demo-'));
    const started = Date.now();
    const r = await runCli(['demo', '--out', out], { timeoutMs: 170_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    expect(seconds).toBeLessThan(170);

    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    expect(report.emulated).toBe(true);
    const verdicts = Object.fromEntries(report.scenarios.map((s) => [s.name, s.verdict]));
    expect(verdicts).toMatchObject({ 'shell-entrypoint': 'lossy', 'no-probe': 'lossy', 'prestop-sleep': 'lossless' });
    expect(Object.keys(verdicts)).toContain('exec-entrypoint');

    for (const s of report.scenarios) {
      expect(s.phases.map((p) => p.name)).toEqual(['baseline', 'disruption', 'recovery']);
      const baseline = s.phases[0];
      expect(baseline.requests).toBeGreaterThan(0);
      expect(baseline.requests - baseline.ok, `${s.name} baseline must be clean`).toBe(0);
    }
    // The shell swallowed SIGTERM: its old pods ended by SIGKILL (exit 137) at the grace deadline.
    const shell = report.scenarios.find((s) => s.name === 'shell-entrypoint')!;
    expect(shell.runs[0].timeline.some((e) => e.kind === 'sigkill')).toBe(true);
    const prestop = report.scenarios.find((s) => s.name === 'prestop-sleep')!;
    expect(prestop.runs[0].timeline.some((e) => e.kind === 'sigkill')).toBe(false);

    expect(r.stdout).toContain('emulated');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('emulated');
    expect(await readdir(join(out, 'prestop-sleep', 'rollout-1'))).toEqual(expect.arrayContaining(['requests.ndjson', 'timeline.ndjson']));
  }, 180_000);
});
