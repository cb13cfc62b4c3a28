import type { Comparison } from '../../metrics/index.ts';
import { attrs, escapeMarkup as esc } from '../../render/index.ts';
import { checkLine, headerLine, LEGEND, presenceLines, summaryLine, TABLE_HEAD, tableRows } from './comparison-rows.ts';

/**
 * The comparison section of report.html (`run --baseline PATH`): the table (worse figures
 * highlighted), the failed then the passed checks, the scenarios only one side has.
 */
export function renderComparisonHtml(c: Comparison): string {
  const head = `<tr>${TABLE_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = tableRows(c)
    .map((r) => {
      const cells = r.cells.map((x, i) => `<td${attrs({ class: r.worse[i] ? 'bad' : i < 3 ? 'stream' : undefined })}>${esc(x)}</td>`);
      return `<tr${attrs({ class: r.first ? 'first' : undefined })}>${cells.join('')}</tr>`;
    })
    .join('');
  const checks = c.scenarios.flatMap((s) => s.checks);
  const items = [...checks.filter((k) => !k.passed), ...checks.filter((k) => k.passed)].map(
    (k) => `<li${attrs({ class: k.passed ? undefined : 'bad' })}>${esc(checkLine(k))}</li>`,
  );
  return [
    `<h2 id="comparison">Comparison with the baseline: ${c.regressed ? 'REGRESSED' : 'no regression'}</h2>`,
    `<p>${esc(headerLine(c))}</p>`,
    `<div class="table-wrap"><table class="cmp comparison"><thead>${head}</thead><tbody>${body}</tbody></table></div>`,
    `<p class="muted">${esc(LEGEND)}</p>`,
    items.length ? `<ul class="checks">${items.join('')}</ul>` : '',
    ...presenceLines(c).map((l) => `<p>${esc(l)}</p>`),
    `<p><strong>${esc(summaryLine(c))}</strong></p>`,
  ]
    .filter(Boolean)
    .join('\n');
}
