/** The public face of metrics/: everything other modules use from it. */
export { failedRequests } from './aggregate.ts';
export { classify, isFailure } from './classify.ts';
export { CAUSE_INFO, CAUSES, type Cause, type CauseEvidence, type DiagnosisEntry } from './diagnosis/causes.ts';
export { percentile } from './percentile.ts';
export { requestEnd } from './request-end.ts';
export { buildReportModel, buildScenarioReport } from './result/build-report.ts';
export {
  type Change,
  type ComparedReport,
  type Comparison,
  type ComparisonCheck,
  FIGURES,
  type Figure,
  type FigureDelta,
  type PhaseDelta,
  type ScenarioComparison,
} from './result/comparison-model.ts';
export {
  type LoadPodReport,
  REPORT_SCHEMA_VERSION,
  type ReportModel,
  type ScenarioReport,
  type ScenarioRun,
} from './result/report-model.ts';
export { reportSchemaProblems } from './result/report-schema.ts';
export { parseThresholds, readThresholdsFile, type Threshold } from './threshold-spec.ts';
export { type ThresholdResult, thresholdText } from './thresholds.ts';
export {
  type EndpointLag,
  EXPECTED_VERDICTS,
  type ExpectedVerdict,
  FAILURE_OUTCOMES,
  HARNESS_OUTCOMES,
  OUTCOMES,
  type Outcome,
  type OutcomeBuckets,
  type PhaseStats,
  type PodFailures,
  type StreamStats,
  type Validity,
  type Verdict,
} from './types.ts';
export { JUDGED_PHASES, verdictMet } from './verdict.ts';
