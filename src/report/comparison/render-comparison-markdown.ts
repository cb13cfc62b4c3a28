import type { Comparison } from '../../metrics/index.ts';
import { checkLine, headerLine, LEGEND, presenceLines, summaryLine, TABLE_HEAD, tableRows } from './comparison-rows.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;

/**
 * The Markdown rendering (PR comments, GITHUB_STEP_SUMMARY, report.md): a `##` heading that
 * says whether anything regressed, the header line, the table (what got worse in bold), the legend,
 * the failed checks then the passed ones, the scenarios only one side has.
 */
export function renderComparisonMarkdown(c: Comparison): string {
  const rows = tableRows(c).map((r) => r.cells.map((x, i) => (r.worse[i] ? `**${x}**` : x)));
  const checks = c.scenarios.flatMap((s) => s.checks);
  const failed = checks.filter((k) => !k.passed);
  const parts = [
    `## Comparison: ${c.regressed ? 'REGRESSED' : 'no regression'}`,
    '',
    headerLine(c),
    '',
    ...(rows.length ? [row(TABLE_HEAD), row(TABLE_HEAD.map(() => '---')), ...rows.map(row)] : ['No scenario in both reports.']),
    '',
    LEGEND,
    '',
  ];
  if (checks.length)
    parts.push(
      '**Checks:**',
      '',
      ...[...failed, ...checks.filter((k) => k.passed)].map((k) => `- ${k.passed ? '' : '**'}${checkLine(k)}${k.passed ? '' : '**'}`),
      '',
    );
  const presence = presenceLines(c);
  if (presence.length) parts.push(...presence.map((l) => `- ${l}`), '');
  parts.push(summaryLine(c));
  return `${parts.join('\n')}\n`;
}
