import type { Comparison } from '../../metrics/index.ts';
import { checkLine, headerLine, LEGEND, presenceLines, summaryLine, TABLE_HEAD, tableRows } from './comparison-rows.ts';

/** Columns padded to their widest cell, two spaces apart, no trailing blanks: reads the same in a CI log. */
function aligned(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The console rendering: the header, the table (a row per scenario, stream and phase), the
 * legend, every check (FAIL first), the scenarios only one side has, and the summary line.
 */
export function renderComparisonText(c: Comparison): string {
  const rows = tableRows(c);
  const checks = c.scenarios.flatMap((s) => s.checks);
  const lines = [headerLine(c)];
  lines.push(...(rows.length ? aligned([TABLE_HEAD, ...rows.map((r) => r.cells)]) : ['no scenario in both reports']), LEGEND);
  if (checks.length)
    lines.push('Checks:', ...[...checks.filter((k) => !k.passed), ...checks.filter((k) => k.passed)].map((k) => `  ${checkLine(k)}`));
  lines.push(...presenceLines(c), summaryLine(c));
  return lines.join('\n');
}
