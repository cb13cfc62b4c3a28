import type { PhaseStats } from '../../metrics/types.ts';
import { JUDGED_PHASES } from '../../metrics/verdict.ts';
import { fmtMs, reportNotes, verdictCell } from '../format.ts';
import type { ReportModel, ScenarioReport, ScenarioRun } from '../model.ts';
import type { Reporter } from '../registry-types.ts';
import { attrs, escapeMarkup } from './html/markup.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "7 resets, 2 refused" for one phase, '' when nothing failed. */
export function failureCounts(p: PhaseStats): string {
  const parts: string[] = [];
  if (p.http5xx) parts.push(`${p.http5xx} HTTP 5xx`);
  if (p.reset) parts.push(plural(p.reset, 'reset'));
  if (p.refused) parts.push(`${p.refused} refused`);
  if (p.timeout) parts.push(plural(p.timeout, 'timeout'));
  if (p.other) parts.push(plural(p.other, 'other error'));
  return parts.join(', ');
}

/** "7 resets, 2 refused in disruption; 1 timeout in recovery", or "no failed request in disruption or recovery". */
export function failureSummary(phases: readonly PhaseStats[]): string {
  const judged = phases.filter((p) => (JUDGED_PHASES as readonly string[]).includes(p.name));
  const parts = judged.map((p) => [failureCounts(p), p.name]).filter(([c]) => c).map(([c, n]) => `${c} in ${n}`);
  return parts.length ? parts.join('; ') : `no failed request in ${JUDGED_PHASES.join(' or ')}`;
}

/** Judged phases in which a run saw no request at all: its verdict rests on no data there. */
function emptyPhases(s: ScenarioReport): string[] {
  return s.runs.flatMap((r) => r.phases
    .filter((p) => (JUDGED_PHASES as readonly string[]).includes(p.name) && p.requests === 0)
    .map((p) => `no request started during ${p.name} in run #${r.iteration}`));
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const runMs = (r: ScenarioRun) => r.boundaries.end - r.boundaries.baseline;
const scenarioMs = (s: ScenarioReport) => s.runs.reduce((n, r) => n + runMs(r), 0);
/** xs:dateTime without zone, as the Ant JUnit schema wants (UTC). */
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function property(name: string, value: string | number | boolean): string {
  return `<property${attrs({ name, value: String(value) })}/>`;
}

function scenarioProperties(s: ScenarioReport): string[] {
  const props = [
    property('disruption', s.disruption), property('expected', s.expected), property('verdict', s.verdict),
    property('met', s.met), property('flaky', s.flaky), property('runs', s.runs.length),
    property('runs.lossy', s.runs.filter((r) => r.verdict === 'lossy').length),
  ];
  const keys = ['requests', 'ok', 'http4xx', 'http5xx', 'reset', 'refused', 'timeout', 'other', 'errorPct', 'p50Ms', 'p99Ms', 'maxMs', 'newConnections', 'reusedConnections'] as const;
  for (const p of s.phases) for (const k of keys) props.push(property(`${p.name}.${k}`, p[k]));
  return props;
}

function runLines(r: ScenarioRun): string[] {
  const lines = [`run #${r.iteration}: ${r.verdict}: ${failureSummary(r.phases)}`];
  for (const l of r.endpointLags) {
    lines.push(l.lagMs === undefined
      ? `  ${l.pod}: deleted, endpoint removal not observed`
      : `  ${l.pod}: endpoint removed ${fmtMs(l.lagMs)} ms after deletion`);
  }
  if (r.evictionBlockedMs !== undefined) lines.push(`  eviction blocked by PodDisruptionBudget (429) for ${fmtMs(r.evictionBlockedMs)} ms`);
  lines.push(`  records: ${r.files.requests}, ${r.files.timeline}`);
  return lines;
}

function testcase(s: ScenarioReport, provider: string): string {
  const out = [`    <testcase${attrs({ name: s.name, classname: `zerodrop.${provider}`, time: seconds(scenarioMs(s)) })}>`];
  out.push('      <properties>', ...scenarioProperties(s).map((p) => `        ${p}`), '      </properties>');
  const empty = emptyPhases(s);
  const lossy = s.runs.filter((r) => r.verdict === 'lossy').length;
  const flaky = s.flaky ? ` (flaky: ${lossy}/${s.runs.length} runs lossy)` : '';
  if (!s.met) {
    const message = `${s.verdict}, expected ${s.expected}: ${[failureSummary(s.phases), ...empty].join('; ')}${flaky}`;
    out.push(`      <failure${attrs({ message, type: `zerodrop.${s.verdict}` })}>${escapeMarkup(s.runs.flatMap(runLines).join('\n'))}</failure>`);
  } else if (empty.length) {
    const message = `${empty.join('; ')}: the verdict rests on no data`;
    out.push(`      <error${attrs({ message, type: 'zerodrop.no-data' })}/>`);
  }
  const text = [s.description, ...(s.why ? [`Why: ${s.why}`] : []), `Verdict: ${verdictCell(s)}`, ...s.runs.flatMap(runLines)];
  out.push(`      <system-out>${escapeMarkup(text.join('\n'))}</system-out>`, '    </testcase>');
  return out.join('\n');
}

const isFailure = (s: ScenarioReport) => !s.met;
const isError = (s: ScenarioReport) => s.met && emptyPhases(s).length > 0;
const counts = (list: ScenarioReport[]) => ({
  tests: list.length, failures: list.filter(isFailure).length, errors: list.filter(isError).length, skipped: 0,
});

function testsuite(model: ReportModel, disruption: string, list: ScenarioReport[]): string {
  const firstStart = Math.min(...list.flatMap((s) => s.runs.map((r) => r.startedAt)));
  const head = `  <testsuite${attrs({
    name: `zerodrop.${model.provider}.${disruption}`, ...counts(list),
    time: seconds(list.reduce((n, s) => n + scenarioMs(s), 0)),
    timestamp: Number.isFinite(firstStart) ? timestamp(firstStart) : undefined,
  })}>`;
  const props = [
    property('runId', model.runId), property('provider', model.provider), property('emulated', model.emulated),
    property('disruption', disruption), property('load.rate', model.load.rate),
    property('load.connections', model.load.connections), property('load.timeoutMs', model.load.timeoutMs),
  ];
  const notes = reportNotes(model);
  return [
    head, '    <properties>', ...props.map((p) => `      ${p}`), '    </properties>',
    ...list.map((s) => testcase(s, model.provider)),
    ...(notes.length ? [`    <system-out>${escapeMarkup(notes.join('\n'))}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
}

/**
 * report.junit.xml: one testsuite per disruption kind of the run, one testcase per scenario
 * (classname zerodrop.<provider>); a failure when the verdict missed the expectation, an error
 * when it was met on a judged phase without a single request. Properties carry per-phase counts.
 */
export function renderJunit(model: ReportModel): string {
  const byDisruption = new Map<string, ScenarioReport[]>();
  for (const s of model.scenarios) byDisruption.set(s.disruption, [...(byDisruption.get(s.disruption) ?? []), s]);
  const wall = Date.parse(model.finishedAt) - Date.parse(model.startedAt);
  const head = `<testsuites${attrs({
    name: `zerodrop ${model.runId}${model.emulated ? ' (emulated)' : ''}`, ...counts(model.scenarios),
    time: Number.isFinite(wall) ? seconds(wall) : undefined,
  })}>`;
  const suites = [...byDisruption].map(([d, list]) => testsuite(model, d, list));
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

export const junitReporter: Reporter = { name: 'junit', fileName: 'report.junit.xml', render: renderJunit };
