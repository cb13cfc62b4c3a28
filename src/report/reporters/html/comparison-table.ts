import type { PhaseStats, ReportModel, ScenarioReport, StreamStats } from '../../../metrics/index.ts';
import { attrs, escapeMarkup, verdictCell } from '../../../render/index.ts';
import { PHASES } from '../../../timeline/index.ts';
import { DETAIL_FAILURE_COLUMNS, DETAIL_HEAD, detailRows, phaseColumns, rowCells, streamRows } from '../columns.ts';

const bad = (v: string) => v !== '0' && v !== '-' && v !== '0.0';

export const verdictClass = (s: ScenarioReport) => (s.verdict === 'invalid' ? 'invalid' : s.met ? 'met' : 'missed');

/**
 * The comparison table: a row per scenario and stream (keep-alive, new-connection), per phase
 * the columns of the console table (failures highlighted), then the verdict (INVALID hatched).
 */
export function comparisonTable(model: ReportModel): string {
  const cols = phaseColumns(model);
  const head1 = `<tr><th rowspan="2">scenario</th><th rowspan="2">stream</th>${PHASES.map((p) => `<th${attrs({ class: `phase ${p}`, colspan: cols.length })}>${p}</th>`).join('')}<th rowspan="2" class="verdict">verdict</th></tr>`;
  const head2 = `<tr>${PHASES.map((p) => cols.map((c) => `<th${attrs({ class: p, title: `${c.long}: ${c.title}` })}>${escapeMarkup(c.short)}</th>`).join('')).join('')}</tr>`;
  const rows = streamRows(model).map((r) => {
    const s = r.scenario;
    const cells = rowCells(cols, r.phases).map(
      (v, i) => `<td${cols[i % cols.length].failure && bad(v) ? ' class="bad"' : ''}>${escapeMarkup(v)}</td>`,
    );
    const name = r.first
      ? `<td${attrs({ class: 'name', rowspan: r.span })}><a${attrs({ href: `#scenario-${s.name}` })}>${escapeMarkup(s.name)}</a></td>`
      : '';
    const verdict = r.first
      ? `<td${attrs({ class: `verdict ${verdictClass(s)}`, rowspan: r.span })}>${escapeMarkup(verdictCell(s))}</td>`
      : '';
    return `<tr${attrs({ class: r.first ? 'first' : undefined, 'data-scenario': s.name, 'data-stream': r.stream })}>${name}<td class="stream">${escapeMarkup(r.stream)}</td>${cells.join('')}${verdict}</tr>`;
  });
  return `<div class="table-wrap"><table class="cmp summary"><thead>${head1}${head2}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Every figure per stream and phase (target and achieved rate, dropped, each outcome, latency, disruption seconds, longest outage). */
export function detailTable(streams: readonly StreamStats[], both: readonly PhaseStats[]): string {
  const head = `<tr><th>stream</th><th>phase</th>${DETAIL_HEAD.map((h) => `<th>${escapeMarkup(h)}</th>`).join('')}</tr>`;
  const rows = detailRows(streams, both).map(
    ([stream, phase, ...cells]) =>
      `<tr${attrs({ 'data-stream': stream, 'data-phase': phase })}><td class="stream">${escapeMarkup(stream)}</td><td class="stream">${escapeMarkup(phase)}</td>` +
      cells.map((v, i) => `<td${DETAIL_FAILURE_COLUMNS.has(i) && bad(v) ? ' class="bad"' : ''}>${escapeMarkup(v)}</td>`).join('') +
      '</tr>',
  );
  return `<div class="table-wrap"><table class="cmp detail"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}
