import { compareReports, failedChecks, readReport, readReportSet } from '../compare/index.ts';
import { ExitCode } from '../errors/index.ts';
import type { Comparison, ComparisonCheck } from '../metrics/index.ts';

export interface CompareOptions {
  /** The base: a report.json, a report directory, or a directory of earlier reports (the history). */
  base: string;
  /** The run to judge: a report.json or a report directory. */
  next: string;
  signal?: AbortSignal;
}

export interface CompareResult {
  comparison: Comparison;
  /** The failed checks: what regressed. */
  regressions: ComparisonCheck[];
  /** 1 when a scenario regressed, else 0. */
  exitCode: number;
}

/** Compares a report with an earlier one or a history of them. Unreadable reports throw a ZerodropError (exit code 2). */
export async function compare(options: CompareOptions): Promise<CompareResult> {
  options.signal?.throwIfAborted();
  const comparison = compareReports(readReportSet(options.base), readReport(options.next));
  return { comparison, regressions: failedChecks(comparison), exitCode: comparison.regressed ? ExitCode.Regression : ExitCode.Ok };
}
