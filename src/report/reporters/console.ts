import Table from 'cli-table3';
import { PHASES } from '../../timeline/types.ts';
import { headerLine, reportNotes, scenarioPhaseCells, SHORT_LEGEND, SHORT_PHASE_COLUMNS, verdictCell } from '../format.ts';
import type { ReportModel } from '../model.ts';
import type { Reporter } from '../registry-types.ts';

/**
 * The console table (no colours, so it reads the same in a log): a header line naming the
 * provider (and "emulated"), one row per scenario with per-phase requests, 5xx, resets,
 * refused, timeouts, error % and p99, then the verdict; the notes below.
 */
export function renderConsole(model: ReportModel): string {
  const table = new Table({
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    colAligns: ['left', ...PHASES.flatMap(() => SHORT_PHASE_COLUMNS.map(() => 'right' as const)), 'left'],
  });
  table.push([
    '',
    ...PHASES.map((p) => ({ content: p, colSpan: SHORT_PHASE_COLUMNS.length, hAlign: 'center' as const })),
    '',
  ]);
  table.push([' scenario', ...PHASES.flatMap(() => [...SHORT_PHASE_COLUMNS]), ' verdict']);
  for (const s of model.scenarios) table.push([` ${s.name}`, ...scenarioPhaseCells(s), ` ${verdictCell(s)}`]);
  const lines = [headerLine(model), table.toString(), SHORT_LEGEND];
  const notes = reportNotes(model);
  if (notes.length) lines.push('Notes:', ...notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

export const consoleReporter: Reporter = { name: 'console', render: renderConsole };
