import { failedChecks } from '../../compare/index.ts';
import {
  type Comparison,
  OUTCOMES,
  type PhaseStats,
  type ReportModel,
  type ScenarioReport,
  type ScenarioRun,
} from '../../metrics/index.ts';
import {
  attrs,
  EXIT_CODES_TEXT,
  escapeMarkup,
  evidenceText,
  failedThresholdLines,
  failureSummary,
  fmtRate,
  fmtSeconds,
  lagText,
  podFailureText,
  podLabel,
  reportNotes,
  thresholdLines,
  verdictCell,
  verdictLabel,
} from '../../render/index.ts';
import type { Reporter } from '../registry-types.ts';

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const runMs = (r: ScenarioRun) => r.boundaries.end - r.boundaries.baseline;
const scenarioMs = (s: ScenarioReport) => s.runs.reduce((n, r) => n + runMs(r), 0);
/** xs:dateTime without zone, as the Ant JUnit schema wants (UTC). */
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function property(name: string, value: string | number | boolean): string {
  return `<property${attrs({ name, value: String(value) })}/>`;
}

/** Every numeric figure of a phase, as properties named `${prefix}${phase}.${key}`. */
const PHASE_KEYS = [
  'requests',
  'sent',
  'targetRequests',
  'targetRate',
  'achievedRate',
  ...OUTCOMES,
  'errorPct',
  'p50Ms',
  'p99Ms',
  'maxMs',
  'newConnections',
  'reusedConnections',
  'disruptionSeconds',
  'longestOutageMs',
] as const satisfies readonly (keyof PhaseStats)[];

const phaseProperties = (prefix: string, phases: readonly PhaseStats[]) =>
  phases.flatMap((p) => PHASE_KEYS.map((k) => property(`${prefix}${p.name}.${k}`, p[k])));

function scenarioProperties(s: ScenarioReport): string[] {
  return [
    property('disruption', s.disruption),
    property('expected', s.expected),
    property('verdict', s.verdict),
    property('met', s.met),
    property('flaky', s.flaky),
    property('runs', s.runs.length),
    property('runs.lossy', s.runs.filter((r) => r.verdict === 'lossy').length),
    property('runs.invalid', s.runs.filter((r) => r.verdict === 'invalid').length),
    ...phaseProperties('', s.phases),
    ...s.streams.flatMap((st) => [property(`${st.name}.rate`, st.rate), ...phaseProperties(`${st.name}.`, st.phases)]),
  ];
}

function runLines(r: ScenarioRun): string[] {
  const lines = [`run #${r.iteration}: ${verdictLabel(r.verdict)}: ${failureSummary(r.streams, r.phases)}`];
  if (!r.validity.valid) lines.push(...r.validity.reasons.map((reason) => `  invalid: ${reason}`));
  for (const st of r.streams) {
    lines.push(
      `  ${st.name}: ${st.phases.map((p) => `${p.name} ${fmtRate(p.achievedRate)}/${fmtRate(p.targetRate)} req/s, ${p.dropped} dropped, ${fmtSeconds(p.disruptionSeconds)} s disrupted`).join('; ')}`,
    );
  }
  for (const f of r.failuresByPod) lines.push(`  ${podLabel(f.pod)}: ${f.failed} failed: ${podFailureText(f)}`);
  for (const l of r.endpointLags) lines.push(`  ${l.pod}: ${lagText(l)}`);
  for (const d of r.diagnosis ?? []) {
    lines.push(`  cause ${d.cause}: ${d.count} failed; fix: ${d.fix}`, ...d.evidence.map((e) => `    ${evidenceText(e, [r])}`));
  }
  lines.push(`  records: ${r.files.requests}, ${r.files.timeline}`);
  return lines;
}

function testcase(s: ScenarioReport, provider: string, comparison?: Comparison): string {
  const regressions = failedChecks(comparison, s).map((k) => `regression: ${k.message}`);
  const thresholds = failedThresholdLines(s).map((t) => `threshold ${t}`);
  const out = [`    <testcase${attrs({ name: s.name, classname: `zerodrop.${provider}`, time: seconds(scenarioMs(s)) })}>`];
  out.push('      <properties>', ...scenarioProperties(s).map((p) => `        ${p}`), '      </properties>');
  const lossy = s.runs.filter((r) => r.verdict === 'lossy').length;
  const flaky = s.flaky ? ` (flaky: ${lossy}/${s.runs.length} runs lossy)` : '';
  if (s.verdict === 'invalid') {
    const reasons = s.invalidReasons.length ? s.invalidReasons : ['no reason recorded'];
    const message = `invalid measurement: ${reasons.join('; ')}`;
    out.push(`      <error${attrs({ message, type: 'zerodrop.invalid' })}>${escapeMarkup(reasons.join('\n'))}</error>`);
  } else if (!s.met) {
    const verdictMissed = s.expected !== 'any' && s.verdict !== s.expected;
    const head =
      verdictMissed || !thresholds.length ? [`${s.verdict}, expected ${s.expected}: ${failureSummary(s.streams, s.phases)}${flaky}`] : [];
    const message = [...head, ...thresholds, ...regressions].join('; ');
    out.push(
      `      <failure${attrs({ message, type: `zerodrop.${s.verdict}` })}>${escapeMarkup(s.runs.flatMap(runLines).join('\n'))}</failure>`,
    );
  } else if (regressions.length) {
    out.push(
      `      <failure${attrs({ message: regressions.join('; '), type: 'zerodrop.regression' })}>${escapeMarkup(regressions.join('\n'))}</failure>`,
    );
  }
  const text = [
    s.description,
    ...(s.why ? [`Why: ${s.why}`] : []),
    `Verdict: ${verdictCell(s)}`,
    ...thresholdLines(s).map((t) => `threshold ${t}`),
    ...s.runs.flatMap(runLines),
    EXIT_CODES_TEXT,
  ];
  out.push(`      <system-out>${escapeMarkup(text.join('\n'))}</system-out>`, '    </testcase>');
  return out.join('\n');
}

const isError = (s: ScenarioReport) => s.verdict === 'invalid';
const isFailure = (s: ScenarioReport, c?: Comparison) => !isError(s) && (!s.met || failedChecks(c, s).length > 0);
const counts = (list: ScenarioReport[], c?: Comparison) => ({
  tests: list.length,
  failures: list.filter((s) => isFailure(s, c)).length,
  errors: list.filter(isError).length,
  skipped: 0,
});

function testsuite(model: ReportModel, disruption: string, list: ScenarioReport[]): string {
  const firstStart = Math.min(...list.flatMap((s) => s.runs.map((r) => r.startedAt)));
  const head = `  <testsuite${attrs({
    name: `zerodrop.${model.provider}.${disruption}`,
    ...counts(list, model.comparison),
    time: seconds(list.reduce((n, s) => n + scenarioMs(s), 0)),
    timestamp: Number.isFinite(firstStart) ? timestamp(firstStart) : undefined,
  })}>`;
  const props = [
    property('runId', model.runId),
    property('provider', model.provider),
    property('emulated', model.emulated),
    property('disruption', disruption),
    property('load.rate', model.load.rate),
    property('load.maxConnections', model.load.maxConnections),
    property('load.timeoutMs', model.load.timeoutMs),
    ...model.load.streams.map((st) => property(`load.${st.name}.rate`, st.rate)),
    ...(model.load.pool
      ? [property('load.pool.order', model.load.pool.order), property('load.pool.idleCloseMs', model.load.pool.idleCloseMs)]
      : []),
  ];
  const notes = reportNotes(model);
  return [
    head,
    '    <properties>',
    ...props.map((p) => `      ${p}`),
    '    </properties>',
    ...list.map((s) => testcase(s, model.provider, model.comparison)),
    ...(notes.length ? [`    <system-out>${escapeMarkup(notes.join('\n'))}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
}

/**
 * report.junit.xml: one testsuite per disruption kind of the run, one testcase per scenario
 * (classname zerodrop.<provider>); an `<error>` when the measurement was invalid (reasons in its
 * body), else a `<failure>` when the verdict missed the expectation. Properties carry every
 * per-phase figure, both streams together (`disruption.reset`) and per stream
 * (`keep-alive.disruption.disruptionSeconds`).
 */
export function renderJunit(model: ReportModel): string {
  const byDisruption = new Map<string, ScenarioReport[]>();
  for (const s of model.scenarios) byDisruption.set(s.disruption, [...(byDisruption.get(s.disruption) ?? []), s]);
  const wall = Date.parse(model.finishedAt) - Date.parse(model.startedAt);
  const head = `<testsuites${attrs({
    name: `zerodrop ${model.runId}${model.emulated ? ' (emulated)' : ''}`,
    ...counts(model.scenarios, model.comparison),
    time: Number.isFinite(wall) ? seconds(wall) : undefined,
  })}>`;
  const suites = [...byDisruption].map(([d, list]) => testsuite(model, d, list));
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

export const junitReporter: Reporter = { name: 'junit', fileName: 'report.junit.xml', render: renderJunit };
