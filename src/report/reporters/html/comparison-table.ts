import { PHASES } from '../../../timeline/types.ts';
import { PHASE_COLUMNS, scenarioPhaseCells, SHORT_PHASE_COLUMNS, verdictCell } from '../../format.ts';
import type { ReportModel } from '../../model.ts';
import { attrs, escapeMarkup } from './markup.ts';

/** Columns of PHASE_COLUMNS that count failed requests: highlighted when not zero. */
const FAILURE_COLUMNS: ReadonlySet<string> = new Set(['5xx', 'reset', 'refused', 'timeout', 'err %']);
/** Header cells: the console's short labels, the long ones as tooltips. */
const HEADERS = PHASE_COLUMNS.map((c, i) => ({ long: c, short: SHORT_PHASE_COLUMNS[i] }));
const COLUMN_TITLES: Record<string, string> = {
  req: 'requests started in the phase', '5xx': 'HTTP 5xx answers', reset: 'connection resets', refused: 'connections refused',
  timeout: 'requests timed out', 'err %': 'failed / requests x 100', 'p99 ms': '99th percentile latency, ms',
};

/** The comparison table: a row per scenario, per phase the seven columns of the console table, then the verdict. */
export function comparisonTable(model: ReportModel): string {
  const head1 = `<tr><th rowspan="2">scenario</th>${PHASES.map((p) => `<th${attrs({ class: `phase ${p}`, colspan: PHASE_COLUMNS.length })}>${p}</th>`).join('')}<th rowspan="2" class="verdict">verdict</th></tr>`;
  const head2 = `<tr>${PHASES.map((p) => HEADERS.map((h) => `<th${attrs({ class: p, title: `${h.long}: ${COLUMN_TITLES[h.long]}` })}>${escapeMarkup(h.short)}</th>`).join('')).join('')}</tr>`;
  const rows = model.scenarios.map((s) => {
    const cells = scenarioPhaseCells(s).map((v, i) => {
      const column = PHASE_COLUMNS[i % PHASE_COLUMNS.length];
      const bad = FAILURE_COLUMNS.has(column) && v !== '0' && v !== '-';
      return `<td${bad ? ' class="bad"' : ''}>${escapeMarkup(v)}</td>`;
    });
    return `<tr><td class="name"><a${attrs({ href: `#scenario-${s.name}` })}>${escapeMarkup(s.name)}</a></td>${cells.join('')}` +
      `<td${attrs({ class: `verdict ${s.met ? 'met' : 'missed'}` })}>${escapeMarkup(verdictCell(s))}</td></tr>`;
  });
  return `<div class="table-wrap"><table class="cmp"><thead>${head1}${head2}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}
