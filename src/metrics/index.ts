/** The public face of metrics/: everything other modules use from it. */
export { failedRequests } from './aggregate.ts';
export { classify, isFailure } from './classify.ts';
export { CAUSES, CAUSE_INFO, type Cause, type CauseEvidence, type DiagnosisEntry } from './diagnosis/causes.ts';
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
export { type Threshold, readThresholdsFile, parseThresholds } from './threshold-spec.ts';
export { type ThresholdResult, thresholdText } from './thresholds.ts';
export {
  EXPECTED_VERDICTS,
  type EndpointLag,
  type ExpectedVerdict,
  FAILURE_OUTCOMES,
  type OutcomeBuckets,
  type Verdict,
  type Validity,
  HARNESS_OUTCOMES,
  OUTCOMES,
  type Outcome,
  type PhaseStats,
  type PodFailures,
  type StreamStats,
} from './types.ts';
export { JUDGED_PHASES, verdictMet } from './verdict.ts';
