import { failedChecks } from '../compare/index.ts';
import { ExitCode } from '../errors/index.ts';
import type { ComparisonCheck, ReportModel, ScenarioReport } from '../metrics/index.ts';

/** What a finished run's report says about it, and the exit code that follows. */
export interface RunJudgement {
  /**
   * 0 every scenario met its expected verdict and thresholds; 3 a measurement could not be
   * trusted; 1 a verdict or threshold missed, or a regression against the baseline.
   */
  exitCode: number;
  /** Scenarios whose measurement could not be trusted (verdict `invalid`): rerun, the app was not judged. */
  invalid: ScenarioReport[];
  /** Judged scenarios that missed their expected verdict or a threshold. */
  missed: ScenarioReport[];
  /** Failed checks of the comparison with the baseline (`baseline` option). */
  regressions: ComparisonCheck[];
}

/**
 * The exit code of a run from its report: an invalid measurement outranks a missed verdict or
 * threshold, which outranks a regression against the baseline. No report (a dry run): 0.
 */
export function judgeRun(report: ReportModel | undefined): RunJudgement {
  const scenarios = report?.scenarios ?? [];
  const invalid = scenarios.filter((s) => s.verdict === 'invalid');
  const missed = scenarios.filter((s) => !s.met && s.verdict !== 'invalid');
  const regressions = failedChecks(report?.comparison);
  const exitCode = invalid.length
    ? ExitCode.InvalidMeasurement
    : missed.length
      ? ExitCode.VerdictMismatch
      : regressions.length
        ? ExitCode.Regression
        : ExitCode.Ok;
  return { exitCode, invalid, missed, regressions };
}
