import Table from 'cli-table3';
import type { ReportModel, ScenarioReport, ScenarioRun } from '../../metrics/index.ts';
import {
  diagnosisRows,
  EXIT_CODES_TEXT,
  fmtMs,
  headerLine,
  podFailureText,
  podLabel,
  reportNotes,
  thresholdLines,
  UNSOLICITED_NOTE,
  unsolicitedText,
  verdictCell,
} from '../../render/index.ts';
import { PHASES } from '../../timeline/index.ts';
import { renderComparisonText } from '../comparison/render-comparison-text.ts';
import type { Reporter } from '../registry-types.ts';
import { columnLegend, loadLine, outageLine, phaseColumns, rowCells, streamRows } from './columns.ts';
import { loadPodLines } from './load-pod-text.ts';

/** No box lines: a plain grid of columns, one line per row, that stays readable in a CI log. */
const BORDERLESS = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
  ].map((k) => [k, '']),
) as Record<string, string>;

/** Lines under the table for one scenario: load per stream and phase, longest outages, unsolicited answers, failures per pod, lags, causes. */
function scenarioLines(s: ScenarioReport): string[] {
  const lines = [`${s.name}: achieved/target req/s and dropped slots per phase: ${loadLine(s.streams)}`];
  const outages = outageLine(s.streams);
  if (outages) lines.push(`  longest outage: ${outages}`);
  const unsolicited = unsolicitedText(s);
  if (unsolicited) lines.push(`  unsolicited answers (${UNSOLICITED_NOTE}): ${unsolicited}`);
  const multi = s.runs.length > 1;
  const run = (r: ScenarioRun) => (multi ? `#${r.iteration} ` : '');
  const pods = s.runs.flatMap((r) =>
    r.failuresByPod.filter((f) => f.failed > 0).map((f) => `${run(r)}${podLabel(f.pod)} ${f.failed}: ${podFailureText(f)}`),
  );
  if (pods.length) lines.push(`  failed by pod: ${pods.join('; ')}`);
  const ms = (v: number | undefined, none: string) => (v === undefined ? none : fmtMs(v));
  const lags = s.runs.flatMap((r) =>
    r.endpointLags.map((l) => `${run(r)}${l.pod} ${ms(l.lagMs, 'not observed')}/${ms(l.dataPathLagMs, 'none')}`),
  );
  if (lags.length) lines.push(`  ms after deletion, endpoint removed/last new connection: ${lags.join(', ')}`);
  lines.push(...loadPodLines(s));
  for (const t of thresholdLines(s)) lines.push(`  threshold ${t}`);
  for (const d of diagnosisRows(s)) {
    lines.push(`  cause ${d.cause}: ${d.count} failed (${d.pods}); fix: ${d.fix}`);
    if (d.evidence[0]) lines.push(`    e.g. ${d.evidence[0]}`);
    if (d.missing.length) lines.push(`    missing: ${d.missing.join('; ')}`);
  }
  return lines;
}

/** "INVALID overloaded: run #1: ..." lines, one per reason. */
function invalidLines(m: ReportModel): string[] {
  const bad = m.scenarios.filter((s) => s.verdict === 'invalid');
  if (!bad.length) return [];
  return [
    'INVALID measurements (the verdict cannot be trusted):',
    ...bad.flatMap((s) => (s.invalidReasons.length ? s.invalidReasons : ['no reason recorded']).map((r) => `  ${s.name}: ${r}`)),
  ];
}

/**
 * The console table (no colours, so it reads the same in a log): a header line naming the
 * provider (and "emulated"), one row per scenario and stream (keep-alive, new-connection) with
 * per-phase requests, failures by outcome, error %, p99 and disruption seconds, then the
 * verdict; below it per scenario and stream the target rate, achieved rate and dropped slots and
 * the longest outage, unsolicited answers per stream (when any), failures per pod, per terminated pod the control-plane and data-path lag,
 * the diagnosis (each cause with its count, pods, fix and its largest evidence);
 * the reasons of INVALID verdicts, the exit codes and the notes.
 */
export function renderConsole(model: ReportModel): string {
  const cols = phaseColumns(model, { dropped: false });
  const table = new Table({
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: { ...BORDERLESS, middle: '' },
    colAligns: ['left', 'left', ...PHASES.flatMap(() => cols.map(() => 'right' as const)), 'left'],
  });
  table.push(['', '', ...PHASES.map((p) => ({ content: p, colSpan: cols.length, hAlign: 'center' as const })), '']);
  table.push(['scenario', 'stream', ...PHASES.flatMap(() => cols.map((c) => c.short)), 'verdict']);
  for (const r of streamRows(model)) {
    table.push([r.first ? r.scenario.name : '', r.stream, ...rowCells(cols, r.phases), r.first ? verdictCell(r.scenario) : '']);
  }
  const lines = [headerLine(model), table.toString(), `Columns per phase: ${columnLegend(cols)}.`];
  lines.push(...model.scenarios.flatMap(scenarioLines), ...invalidLines(model), EXIT_CODES_TEXT);
  if (model.comparison) lines.push('', renderComparisonText(model.comparison));
  const notes = reportNotes(model);
  if (notes.length) lines.push('Notes:', ...notes.map((n) => `  - ${n}`));
  return lines
    .join('\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

export const consoleReporter: Reporter = { name: 'console', render: renderConsole };
