import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRequests } from '../../src/metrics/aggregate.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { runCli } from '../cli/run-cli.ts';
import { night, writeReport } from './report-factory.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-run-baseline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (s: string) => s.split('\n').filter((l) => l.trim() && !/^\[\d+\.\ds\] /.test(l));

describe('zerodrop run --baseline PATH with GITHUB_STEP_SUMMARY (embedded runtime)', () => {
  it('compares at the end, folds the comparison into every report and the exit code, and appends report.md to the summary', async () => {
    // The base says both scenarios were lossless: shell-entrypoint, which loses requests on a rollout, then regresses.
    const base = await writeReport(dir, 'base-run', night(1), [
      { name: 'prestop-sleep', expected: 'lossless', runs: [0] },
      { name: 'shell-entrypoint', expected: 'lossy', runs: [0] },
    ]);
    const summary = join(dir, 'summary.md');
    const before = '# an earlier step wrote this\n';
    await writeFile(summary, before);
    const out = join(dir, 'out');
    const r = await runCli(
      ['run', 'prestop-sleep', 'shell-entrypoint', '--baseline-seconds', '1', '--recovery-seconds', '1', '--baseline', base, '--out', out],
      { env: { GITHUB_STEP_SUMMARY: summary }, timeoutMs: 150_000 },
    );
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const verdicts = Object.fromEntries(report.scenarios.map((s) => [s.name, s.verdict]));
    expect(verdicts, r.stderr).toEqual({ 'prestop-sleep': 'lossless', 'shell-entrypoint': 'lossy' });
    expect(r.code, r.stderr).toBe(1);
    expect(validateReport(report)).toEqual([]);

    const shell = report.scenarios.find((s) => s.name === 'shell-entrypoint')!;
    const failed = shell.phases.filter((p) => p.name !== 'baseline').reduce((n, p) => n + failedRequests(p), 0);
    const message = `shell-entrypoint (rollout): failed requests 0 → ${failed} (+${failed})`;
    expect(report.comparison).toMatchObject({ regressed: true, base: [{ runId: 'base-run' }], new: { runId: report.runId } });
    expect(report.comparison!.scenarios.map((s) => [s.name, s.regressed])).toEqual([
      ['prestop-sleep', false],
      ['shell-entrypoint', true],
    ]);
    expect(lines(r.stderr).filter((l) => l.includes('regression'))).toEqual([expect.stringContaining(`zerodrop: regression: ${message}`)]);
    expect(r.stdout).toContain(`FAIL ${message}`);

    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Comparison: REGRESSED');
    expect(md).toMatch(/^\| scenario \| stream \| baseline req \|/m);
    const appended = await readFile(summary, 'utf8');
    expect(appended).toBe(`${before}\n${md}`);

    const junit = await readFile(join(out, 'report.junit.xml'), 'utf8');
    const testcase = junit.slice(junit.indexOf('<testcase name="shell-entrypoint"'));
    expect(testcase).toMatch(
      new RegExp(`^[^]*?<failure message="regression: ${message.replace(/[()+]/g, '\\$&')}[^"]*" type="zerodrop.regression">`),
    );
    expect(junit).toMatch(/<testsuites [^>]*failures="1"/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('Comparison with the baseline: REGRESSED');
  }, 180_000);

  it('a bad --baseline report stops the run before anything starts: one line, exit 2', async () => {
    const v1 = join(dir, 'v1.json');
    await writeFile(v1, JSON.stringify({ schemaVersion: 1, scenarios: [] }));
    const out = join(dir, 'never');
    const r = await runCli(['run', 'prestop-sleep', '--baseline', v1, '--out', out]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/^zerodrop: \S*v1\.json: report schema version 1 is not supported \(this zerodrop reads 2\)/),
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('a plain number as --baseline still means seconds, with a one-line deprecation note naming --baseline-seconds', async () => {
    const r = await runCli(['run', 'no-such-scenario', '--baseline', '2', '--recovery', '1']);
    expect(r.code).toBe(2);
    const [note, error, ...rest] = lines(r.stderr);
    expect(note).toBe(
      'zerodrop: --baseline 2: a number of seconds is deprecated here, use --baseline-seconds 2 (--baseline takes a report to compare with)',
    );
    expect(error).toMatch(/no-such-scenario/);
    expect(rest).toEqual([]);
  });
});
