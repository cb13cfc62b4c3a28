import type { Cause } from '../../metrics/index.ts';
import { FAILURE_OUTCOMES, HARNESS_OUTCOMES, OUTCOMES, type Outcome } from '../../metrics/index.ts';
import type { PhaseName } from '../../timeline/index.ts';

/** Outcome colours, failures in strong hues and ok muted, so that losses stand out; the harness's own failures in blues. */
export const OUTCOME_STYLE: Record<Outcome, { colour: string; label: string }> = {
  ok: { colour: '#a8d5b5', label: 'ok (2xx/3xx)' },
  http4xx: { colour: '#a6c8e0', label: 'HTTP 4xx (also in baseline)' },
  http4xxFailed: { colour: '#c92a2a', label: 'failed HTTP 4xx (408/425/429, unexpected-4xx)' },
  http5xx: { colour: '#7b4fb0', label: 'HTTP 5xx' },
  reset: { colour: '#e03131', label: 'connection reset' },
  refused: { colour: '#f08c00', label: 'connection refused' },
  timeout: { colour: '#5c3d2e', label: 'timeout' },
  malformed: { colour: '#d6336c', label: 'malformed response' },
  other: { colour: '#495057', label: 'other error' },
  dropped: { colour: '#15aabf', label: 'dropped slot (not sent)' },
  client: { colour: '#364fc7', label: 'client-side error' },
};
/** Stacking order, bottom up: failures first so that they sit on the axis, then the harness's, then the rest. */
export const STACK_ORDER: readonly Outcome[] = [
  ...FAILURE_OUTCOMES,
  ...HARNESS_OUTCOMES,
  ...OUTCOMES.filter((o) => !FAILURE_OUTCOMES.includes(o) && !HARNESS_OUTCOMES.includes(o)),
];

/** Colour of each cause's marks on the timeline and in the diagnosis table. */
export const CAUSE_COLOUR: Record<Cause, string> = {
  'propagation-race': '#f08c00',
  'sigterm-ignored': '#a51111',
  'grace-exceeded': '#862e9c',
  'not-ready': '#7b4fb0',
  'keepalive-not-closed': '#d6336c',
  'no-endpoints': '#1864ab',
  unknown: '#495057',
};

export const PHASE_FILL: Record<PhaseName, string> = { baseline: '#eef1f6', disruption: '#fff0cc', recovery: '#e3f4e8' };

/** Colours of the pod lanes' spans and markers. */
export const LANE = {
  alive: '#d5d9de',
  ready: '#7d8a97',
  endpoint: '#2b8a3e',
  prestop: '#f5b700',
  lag: '#e64980',
  datapath: '#9c36b5',
  deleted: '#212529',
  sigterm: '#f76707',
  sigkill: '#a51111',
  exit: '#212529',
  evict: '#1c7ed6',
} as const;

export const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #212529; margin: 0; background: #f8f9fa; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 24px; margin: 8px 0; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 19px; margin: 28px 0 6px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 4px; font-size: 14px; font-weight: 700; letter-spacing: .04em; }
.badge.emulated { background: #f08c00; color: #fff; }
.badge.met { background: #2b8a3e; color: #fff; }
.badge.missed { background: #c92a2a; color: #fff; }
.badge.flaky { background: #5f3dc4; color: #fff; }
.badge.invalid { background: repeating-linear-gradient(135deg, #212529 0 8px, #495057 8px 16px); color: #ffd43b; }
.invalid-box { background: #f1f3f5; border: 2px dashed #212529; border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
.invalid-box ul { margin: 4px 0; padding-left: 20px; }
.thresholds { padding-left: 20px; } .threshold.failed { color: #c92a2a; font-weight: 600; } .threshold.ok { color: #2b8a3e; }
.banner { background: #fff4e6; border: 2px solid #f08c00; border-radius: 6px; padding: 10px 14px; margin: 10px 0; font-size: 15px; }
.muted { color: #6c757d; }
.card { background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
table.cmp { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; font-size: 13px; width: 100%; }
table.cmp th, table.cmp td { border: 1px solid #dee2e6; padding: 3px 6px; text-align: right; white-space: nowrap; }
table.cmp th { background: #f1f3f5; font-weight: 600; }
table.cmp th.phase { text-align: center; }
table.cmp th.baseline { background: ${PHASE_FILL.baseline}; } table.cmp th.disruption { background: ${PHASE_FILL.disruption}; } table.cmp th.recovery { background: ${PHASE_FILL.recovery}; }
table.cmp td.name, table.cmp td.verdict, table.cmp th.verdict { text-align: left; }
table.cmp td.bad { color: #c92a2a; font-weight: 700; background: #fff5f5; }
table.cmp td.verdict.met { color: #2b8a3e; font-weight: 600; }
table.cmp td.verdict.missed { color: #c92a2a; font-weight: 700; }
table.cmp td.verdict.invalid { color: #212529; font-weight: 700; background: repeating-linear-gradient(135deg, #f1f3f5 0 6px, #dee2e6 6px 12px); }
table.cmp td.stream { text-align: left; color: #495057; }
table.cmp tr.first td { border-top: 2px solid #adb5bd; }
.table-wrap { overflow-x: auto; }
svg.timeline { width: 100%; height: auto; display: block; background: #fff; }
svg.timeline text { font: 11px system-ui, sans-serif; fill: #343a40; }
svg.timeline text.lane-label { font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
svg.timeline text.phase-label { font-size: 12px; font-weight: 600; fill: #495057; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin: 6px 0 0; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.legend b { font-weight: 600; margin-right: 2px; }
ul.lags { margin: 6px 0; padding-left: 20px; font-size: 13px; }
table.cmp.diagnosis td, table.cmp.diagnosis th { white-space: normal; text-align: left; vertical-align: top; }
table.cmp.diagnosis td.count { text-align: right; }
table.cmp.diagnosis td.cause { font-weight: 700; border-left: 5px solid var(--cause); white-space: nowrap; }
table.cmp.diagnosis ul { margin: 0; padding-left: 16px; }
svg.timeline text.cause-label { font-size: 9px; font-weight: 700; }
`;
