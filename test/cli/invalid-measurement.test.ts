import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from './run-cli.ts';

describe('a run whose measurement cannot be trusted', () => {
  it('prestop-sleep at 20000 req/s over one connection is invalid, names the achieved rate, exits 3', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-invalid-'));
    const r = await runCli(
      [
        'run',
        'prestop-sleep',
        '--rate',
        '20000',
        '--max-connections',
        '1',
        '--baseline-seconds',
        '2',
        '--recovery-seconds',
        '1',
        '--out',
        out,
      ],
      { timeoutMs: 150_000 },
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/prestop-sleep: measurement invalid: .*achieved [\d.]+ of 10000 req\/s/);
    expect(r.stdout).toContain('INVALID');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const [s] = report.scenarios;
    expect(s.verdict).toBe('invalid');
    expect(s.met).toBe(false);
    expect(s.invalidReasons.some((x) => /slots? dropped/.test(x))).toBe(true);
    const baseline = s.runs[0].streams[0].phases[0];
    expect(baseline.dropped).toBeGreaterThan(baseline.sent);
    const junit = await readFile(join(out, 'report.junit.xml'), 'utf8');
    expect(junit).toMatch(/<error [^>]*message="invalid measurement/);
  }, 160_000);
});
