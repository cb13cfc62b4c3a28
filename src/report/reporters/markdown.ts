import { PHASES } from '../../timeline/types.ts';
import { fmtMs, fmtPct, headerLine, PHASE_COLUMNS, reportNotes, scenarioPhaseCells, verdictCell } from '../format.ts';
import type { ReportModel, ScenarioReport, ScenarioRun } from '../model.ts';
import type { Reporter } from '../registry-types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function lagLines(run: ScenarioRun, label: string): string[] {
  const out = run.endpointLags.map((l) =>
    l.lagMs === undefined
      ? `- ${label}\`${l.pod}\`: endpoint removal not observed`
      : `- ${label}\`${l.pod}\`: endpoint removed ${fmtMs(l.lagMs)} ms after deletion`);
  if (run.evictionBlockedMs !== undefined) {
    out.push(`- ${label}eviction blocked by PodDisruptionBudget (429) for ${fmtMs(run.evictionBlockedMs)} ms`);
  }
  return out;
}

function scenarioSection(s: ScenarioReport): string {
  const parts = [`## ${s.name}: ${verdictCell(s)}`, '', s.description];
  if (s.why) parts.push('', `**Why:** ${s.why}`);
  parts.push('', table(
    ['phase', 'requests', 'ok', '4xx', '5xx', 'reset', 'refused', 'timeout', 'other', 'error %', 'p50 ms', 'p99 ms', 'max ms', 'new conns'],
    s.phases.map((p) => [
      p.name, String(p.requests), String(p.ok), String(p.http4xx),
      `${p.http5xx}${Object.keys(p.http5xxByCode).length ? ` (${Object.entries(p.http5xxByCode).map(([c, n]) => `${c}: ${n}`).join(', ')})` : ''}`,
      String(p.reset), String(p.refused), String(p.timeout), String(p.other), fmtPct(p.errorPct),
      fmtMs(p.p50Ms), fmtMs(p.p99Ms), fmtMs(p.maxMs), String(p.newConnections),
    ]),
  ));
  if (s.runs.length > 1) {
    parts.push('', `Runs: ${s.runs.map((r) => `#${r.iteration} ${r.verdict}`).join(', ')}`);
  }
  const lags = s.runs.flatMap((r) => lagLines(r, s.runs.length > 1 ? `run #${r.iteration}: ` : ''));
  parts.push('', '**Endpoint removal lag and eviction wait:**', '', ...(lags.length ? lags : ['- no pod deletion recorded']));
  return parts.join('\n');
}

/** report.md: the console table, then one section per scenario, then the notes. */
export function renderMarkdown(model: ReportModel): string {
  const title = `# zerodrop report${model.emulated ? ' (emulated)' : ''}: ${model.runId}`;
  const head = ['scenario', ...PHASES.flatMap((p) => PHASE_COLUMNS.map((c) => `${p} ${c}`)), 'verdict'];
  const summary = table(head, model.scenarios.map((s) => [s.name, ...scenarioPhaseCells(s), verdictCell(s)]));
  const notes = reportNotes(model);
  const parts = [
    title, '', headerLine(model), '',
    `Started ${model.startedAt}, finished ${model.finishedAt}. A scenario is lossless when its disruption and recovery phases have no failed request (5xx, reset, refused, timeout or other error).`,
    '', summary, '', ...model.scenarios.flatMap((s) => [scenarioSection(s), '']),
    '## Notes', '', ...(notes.length ? notes.map((n) => `- ${n}`) : ['- none']),
  ];
  return `${parts.join('\n')}\n`;
}

export const markdownReporter: Reporter = { name: 'markdown', fileName: 'report.md', render: renderMarkdown };
