/**
 * zerodrop's library API, the package's public entry (src/index.ts): run, check, compare and
 * cleanup. Each call returns a result that carries the exit code the CLI would exit with; the
 * library never prints and never exits. Bad input throws a ZerodropError (its `exitCode` is 2).
 * Every call takes an AbortSignal; aborting a run cleans up and keeps what was measured.
 */

export type { Evidence, Finding, ProofLine, ProofReport, Severity } from '../check/index.ts';
export type { ProviderOptions } from '../cluster/index.ts';
export { CommandError, ExitCode, ZerodropError } from '../errors/index.ts';
export type { DisruptionKind } from '../k8s/index.ts';
export type { LoadFrom, LoadSettings, StreamName } from '../load/index.ts';
export type {
  ComparedReport,
  Comparison,
  ComparisonCheck,
  ExpectedVerdict,
  LoadPodReport,
  Outcome,
  PhaseStats,
  ReportModel,
  ScenarioComparison,
  ScenarioReport,
  ScenarioRun,
  StreamStats,
  ThresholdResult,
  Verdict,
} from '../metrics/index.ts';
export { CleanupStack, type OutcomeCounts, type ProgressEvent, type ProgressListener, type ProviderName } from '../run/index.ts';
export type { PhaseName, TimelineEvent } from '../timeline/index.ts';
export { type CheckOptions, type CheckResult, check, type TargetCheckResult } from './check.ts';
export { type CleanupOptions, type CleanupResult, cleanup } from './cleanup.ts';
export { type CompareOptions, type CompareResult, compare } from './compare.ts';
export { judgeRun, type RunJudgement } from './judge-run.ts';
export { type BaselineReports, type RunOptions, type RunResult, run } from './run.ts';
