import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from './run-cli.ts';

/**
 * prestop-sleep (lossless, 50 ms answers) with two thresholds from --thresholds: no failed request
 * anywhere (holds) and a disruption p99 under 1 ms (cannot hold: every answer takes 100 ms).
 */
describe('thresholds on a real run', () => {
  it('shows ✓ and ✗ with the observed value in console, Markdown, JUnit and JSON, and exits 1', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-thresholds-'));
    const file = join(out, 'thresholds.yaml');
    await writeFile(file, "thresholds:\n  failed: 0\n  disruption:\n    p99: '< 1'\n");
    const r = await runCli(
      [
        'run',
        'prestop-sleep',
        '--disruption',
        'delete',
        '--baseline-seconds',
        '1',
        '--recovery-seconds',
        '1',
        '--thresholds',
        file,
        '--out',
        join(out, 'report'),
      ],
      { timeoutMs: 150_000 },
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/prestop-sleep: threshold failed: all streams disruption p99 < 1: \d+(\.\d+)? ✗/);
    expect(r.stderr).not.toMatch(/was lossless, expected lossless/);
    expect(r.stdout).toMatch(/threshold all streams disruption p99 < 1: (\d+(\.\d+)?) ✗/);
    expect(r.stdout).toMatch(/threshold all streams recovery failed <= 0: 0 ✓/);
    const report = JSON.parse(await readFile(join(out, 'report', 'report.json'), 'utf8')) as ReportModel;
    const [s] = report.scenarios;
    expect(s.verdict).toBe('lossless');
    expect(s.met).toBe(false);
    const p99 = s.thresholds?.find((t) => t.metric === 'p99');
    const measured = s.phases.find((p) => p.name === 'disruption')!.p99Ms;
    expect(p99).toMatchObject({ phase: 'disruption', op: '<', value: 1, ok: false, observed: measured });
    expect(measured).toBeGreaterThanOrEqual(50);
    expect(s.thresholds?.filter((t) => t.metric === 'failed').map((t) => [t.phase, t.ok])).toEqual([
      ['baseline', true],
      ['disruption', true],
      ['recovery', true],
    ]);
    const md = await readFile(join(out, 'report', 'report.md'), 'utf8');
    expect(md).toMatch(/- all streams disruption p99 < 1: [\d.]+ ✗/);
    expect(md).toMatch(/- all streams baseline failed <= 0: 0 ✓/);
    const junit = await readFile(join(out, 'report', 'report.junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure [^>]*message="threshold all streams disruption p99 &lt; 1: [\d.]+ ✗/);
  }, 160_000);

  it('rejects a bad thresholds file with one line naming the file and the key, exit 2, before running', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-thresholds-bad-'));
    const file = join(out, 'thresholds.yaml');
    await writeFile(file, 'thresholds:\n  p95: 3\n');
    const r = await runCli(['run', 'prestop-sleep', '--thresholds', file, '--out', join(out, 'report')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('zerodrop:'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/ at .*\.ts:\d+/); // no stack trace
    expect(r.stderr).toMatch(/thresholds\.yaml: thresholds\.p95: unknown key/);
  });
});
