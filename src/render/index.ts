/** The public face of render/: everything other modules use from it. */
export { DIAGNOSIS_NOTE, diagnosisRows, evidenceText } from './diagnosis-text.ts';
export {
  EXIT_CODES_TEXT,
  failureSummary,
  fmtMs,
  fmtPct,
  fmtRate,
  fmtSeconds,
  headerLine,
  lagText,
  OUTCOME_LABEL,
  phaseOf,
  podFailureText,
  podLabel,
  reportNotes,
  VERDICT_RULE,
  verdictCell,
  verdictLabel,
} from './format.ts';
export { attrs, escapeMarkup } from './markup.ts';
export { clusterLaneSvg, LANE_HEIGHT, laneSvg } from './svg/lane-svg.ts';
export { timelineLegend } from './svg/legend.ts';
export { clusterEvents, type PodLane, podLanes, type Span, shortPodName } from './svg/pod-lanes.ts';
export { CAUSE_COLOUR, CSS, OUTCOME_STYLE, PHASE_FILL, STACK_ORDER } from './svg/styles.ts';
export { niceMax, relSeconds, type TimeScale, timeScale } from './svg/time-scale.ts';
export { killLines, phaseBands, timeGrid } from './svg/timeline-parts.ts';
export { failedThresholdLines, thresholdLines } from './threshold-text.ts';
export { UNSOLICITED_NOTE, unsolicitedText } from './unsolicited-text.ts';
