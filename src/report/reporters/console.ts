import Table from 'cli-table3';
import { PHASES } from '../../timeline/types.ts';
import { headerLine, PHASE_COLUMNS, reportNotes, scenarioPhaseCells, verdictCell } from '../format.ts';
import type { ReportModel } from '../model.ts';
import type { Reporter } from '../registry-types.ts';

/**
 * The console table (no colours, so it reads the same in a log): a header line naming the
 * provider (and "emulated"), one row per scenario with per-phase requests, 5xx, resets,
 * refused, timeouts, error % and p99, then the verdict; the notes below.
 */
export function renderConsole(model: ReportModel): string {
  const table = new Table({ style: { head: [], border: [] } });
  table.push([
    { content: '', rowSpan: 1 },
    ...PHASES.map((p) => ({ content: p, colSpan: PHASE_COLUMNS.length, hAlign: 'center' as const })),
    { content: '' },
  ]);
  table.push(['scenario', ...PHASES.flatMap(() => [...PHASE_COLUMNS]), 'verdict']);
  for (const s of model.scenarios) table.push([s.name, ...scenarioPhaseCells(s), verdictCell(s)]);
  const lines = [headerLine(model), table.toString()];
  const notes = reportNotes(model);
  if (notes.length) lines.push('Notes:', ...notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

export const consoleReporter: Reporter = { name: 'console', render: renderConsole };
