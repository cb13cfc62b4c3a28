import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/api/index.ts';
import { ExitCode } from '../../src/errors/index.ts';
import type { ComparisonCheck, ReportModel, ScenarioReport } from '../../src/metrics/index.ts';

/** A report holding only what judgeRun reads: each scenario's verdict and met, and the comparison's checks. */
function report(scenarios: Pick<ScenarioReport, 'name' | 'verdict' | 'met'>[], failedChecks: string[] = []): ReportModel {
  const checks = failedChecks.map((message) => ({ passed: false, message }) as ComparisonCheck);
  const comparison = failedChecks.length ? { scenarios: [{ name: 'a', disruption: 'rollout', checks }], regressed: true } : undefined;
  return { scenarios, comparison } as unknown as ReportModel;
}

describe("judgeRun: a run's exit code from its report", () => {
  it('0 when every scenario met its verdict and no baseline check failed; 0 with no report (a dry run)', () => {
    expect(
      judgeRun(
        report([
          { name: 'a', verdict: 'lossless', met: true },
          { name: 'b', verdict: 'lossy', met: true },
        ]),
      ),
    ).toEqual({ exitCode: ExitCode.Ok, invalid: [], missed: [], regressions: [] });
    expect(judgeRun(undefined).exitCode).toBe(ExitCode.Ok);
  });

  it('1 when a judged scenario missed its verdict or a threshold (met false)', () => {
    const r = judgeRun(
      report([
        { name: 'a', verdict: 'lossy', met: false },
        { name: 'b', verdict: 'lossless', met: true },
      ]),
    );
    expect(r.exitCode).toBe(ExitCode.VerdictMismatch);
    expect(r.missed.map((s) => s.name)).toEqual(['a']);
    expect(r.invalid).toEqual([]);
  });

  it('3 when a measurement is invalid, even beside a missed verdict and a regression; invalid is never counted as missed', () => {
    const r = judgeRun(
      report(
        [
          { name: 'a', verdict: 'invalid', met: false },
          { name: 'b', verdict: 'lossy', met: false },
        ],
        ['b lost requests'],
      ),
    );
    expect(r.exitCode).toBe(ExitCode.InvalidMeasurement);
    expect(r.invalid.map((s) => s.name)).toEqual(['a']);
    expect(r.missed.map((s) => s.name)).toEqual(['b']);
    expect(r.regressions.map((k) => k.message)).toEqual(['b lost requests']);
  });

  it('1 (Regression) when only the comparison with the baseline failed', () => {
    const r = judgeRun(report([{ name: 'a', verdict: 'lossless', met: true }], ['a: disruption seconds above the history']));
    expect(r.exitCode).toBe(ExitCode.Regression);
    expect(r.regressions).toHaveLength(1);
  });
});
