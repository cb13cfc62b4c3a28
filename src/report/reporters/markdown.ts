import type { ReportModel, ScenarioReport } from '../../metrics/index.ts';
import {
  DIAGNOSIS_NOTE,
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
  VERDICT_RULE,
  verdictCell,
  verdictLabel,
} from '../../render/index.ts';
import { PHASES } from '../../timeline/index.ts';
import { renderComparisonMarkdown } from '../comparison/render-comparison-markdown.ts';
import type { Reporter } from '../registry-types.ts';
import { columnLegend, DETAIL_HEAD, detailRows, phaseColumns, rowCells, streamRows } from './columns.ts';
import { LOAD_POD_HEAD, loadPodCells, loadPodRows } from './load-pod-text.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function invalidBlock(s: ScenarioReport): string[] {
  if (s.verdict !== 'invalid') return [];
  const reasons = s.invalidReasons.length ? s.invalidReasons : ['no reason recorded'];
  return ['', '**INVALID measurement** (the verdict cannot be trusted):', '', ...reasons.map((r) => `- ${r}`)];
}

function podSection(s: ScenarioReport): string[] {
  const rows = s.runs.flatMap((r) =>
    r.failuresByPod.map((f) => [`#${r.iteration}`, code(podLabel(f.pod)), String(f.failed), podFailureText(f)]),
  );
  return [
    '',
    '**Failures per pod:**',
    '',
    rows.length ? table(['run', 'pod', 'failed', 'by outcome (by stream)'], rows) : '- no failed request',
  ];
}

/** --load-from cluster: per load pod its node, its own per-phase figures, missing slots and clock offsets. */
function loadPodSection(s: ScenarioReport): string[] {
  const rows = loadPodRows(s.runs);
  if (!rows.length) return [];
  return [
    '',
    "**Load pods** (each one's own records; a loss seen from one node shows in its row):",
    '',
    table(
      LOAD_POD_HEAD,
      rows.map((r) => loadPodCells(r).map((c, i) => (i === 1 ? code(c) : c))),
    ),
  ];
}

function lagSection(s: ScenarioReport): string[] {
  const ms = (v: number | undefined) => (v === undefined ? 'not observed' : fmtMs(v));
  const rows = s.runs.flatMap((r) =>
    r.endpointLags.map((l) => [
      `#${r.iteration}`,
      code(l.pod),
      ms(l.lagMs),
      l.dataPathLagMs === undefined ? 'none after deletion' : fmtMs(l.dataPathLagMs),
    ]),
  );
  return [
    '',
    '**Per terminated pod:** control-plane lag (deletion to endpoint removed) and data-path lag (deletion to the last new connection the pod answered)',
    '',
    rows.length ? table(['run', 'pod', 'control-plane lag ms', 'data-path lag ms'], rows) : '- no pod deletion recorded',
  ];
}

function diagnosisSection(s: ScenarioReport): string[] {
  const rows = diagnosisRows(s).map((d) => [d.cause, d.count, d.evidence.join('<br>'), d.fix]);
  return [
    '',
    `**Diagnosis:** why requests were lost. ${DIAGNOSIS_NOTE}`,
    '',
    rows.length
      ? table(['cause', 'count', 'evidence (pod, times since baseline start, reason)', 'fix'], rows)
      : '- no failed request to diagnose',
  ];
}

function thresholdSection(s: ScenarioReport): string[] {
  const lines = thresholdLines(s);
  return lines.length ? ['', "**Thresholds** (each run must meet each; the worst run's figure):", '', ...lines.map((l) => `- ${l}`)] : [];
}

function scenarioSection(s: ScenarioReport): string {
  const parts = [`## ${s.name}: ${verdictCell(s)}`, '', s.description];
  if (s.why) parts.push('', `**Why:** ${s.why}`);
  parts.push(...invalidBlock(s));
  parts.push(
    '',
    `Per stream and phase (${s.disruption}; target/achieved rate, dropped slots, outcomes, latency, disruption seconds):`,
    '',
    table(['stream', 'phase', ...DETAIL_HEAD], detailRows(s.streams, s.phases)),
  );
  const unsolicited = unsolicitedText(s);
  if (unsolicited) parts.push('', `**Unsolicited answers** (${UNSOLICITED_NOTE}): ${unsolicited}`);
  if (s.runs.length > 1) parts.push('', `Runs: ${s.runs.map((r) => `#${r.iteration} ${verdictLabel(r.verdict)}`).join(', ')}`);
  parts.push(...thresholdSection(s), ...diagnosisSection(s), ...podSection(s), ...lagSection(s), ...loadPodSection(s));
  return parts.join('\n');
}

/**
 * report.md: the summary table (a row per scenario and stream, per phase requests, failures by
 * outcome, error %, p99, disruption seconds; the verdict) and the reasons of INVALID verdicts,
 * then per scenario the full per-stream, per-phase figures (target and achieved rate, dropped
 * slots, every outcome, disruption seconds, longest outage), unsolicited answers per stream
 * (when any), the diagnosis (cause, count,
 * evidence, fix), failures per pod and per terminated
 * pod the control-plane and data-path lag; the notes and the exit codes last.
 */
export function renderMarkdown(model: ReportModel): string {
  const cols = phaseColumns(model);
  const head = ['scenario', 'stream', ...PHASES.flatMap((p) => cols.map((c) => `${p} ${c.long}`)), 'verdict'];
  const rows = streamRows(model).map((r) => [
    r.first ? r.scenario.name : '',
    r.stream,
    ...rowCells(cols, r.phases),
    r.first ? verdictCell(r.scenario) : '',
  ]);
  const invalid = model.scenarios
    .filter((s) => s.verdict === 'invalid')
    .flatMap((s) => (s.invalidReasons.length ? s.invalidReasons : ['no reason recorded']).map((r) => `- **INVALID** ${s.name}: ${r}`));
  const notes = reportNotes(model);
  const parts = [
    `# zerodrop report${model.emulated ? ' (emulated)' : ''}: ${model.runId}`,
    '',
    headerLine(model),
    '',
    `Started ${model.startedAt}, finished ${model.finishedAt}. ${VERDICT_RULE}`,
    '',
    table(head, rows),
    '',
    `Columns per phase: ${columnLegend(cols, false)}.`,
    '',
    ...(invalid.length ? ['Invalid measurements:', '', ...invalid, ''] : []),
    ...(model.comparison ? [renderComparisonMarkdown(model.comparison)] : []),
    ...model.scenarios.flatMap((s) => [scenarioSection(s), '']),
    '## Notes',
    '',
    ...(notes.length ? notes.map((n) => `- ${n}`) : ['- none']),
    '',
    EXIT_CODES_TEXT,
  ];
  return `${parts.join('\n')}\n`;
}

export const markdownReporter: Reporter = { name: 'markdown', fileName: 'report.md', render: renderMarkdown };
