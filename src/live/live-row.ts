import type { ScenarioReport } from '../metrics/index.ts';
import { FAILURE_OUTCOMES, JUDGED_PHASES } from '../metrics/index.ts';
import { attrs, escapeMarkup as esc, OUTCOME_LABEL, verdictCell } from '../render/index.ts';
import { verdictClass } from '../report/index.ts';
import type { OutcomeCounts } from '../run/index.ts';
import { PHASES } from '../timeline/index.ts';
import type { ScenarioLive } from './live-state.ts';
import { liveTimelineSvg } from './live-timeline.ts';
import { countOf, FAILURE_KINDS } from './outcome-counts.ts';

const cell = (n: number, bad = false) => `<td${bad && n ? ' class="bad"' : ''}>${n}</td>`;

/** Requests, lost requests and the failure kinds per phase, both streams, as counted so far. */
function counters(run: ScenarioLive): string {
  const head = ['phase', 'req', 'lost', ...FAILURE_KINDS.map((o) => OUTCOME_LABEL[o].short)].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = PHASES.map((p) => {
    const c: OutcomeCounts = run.phases[p] ?? {};
    return (
      `<tr${attrs({ 'data-phase': p })}><th>${p}</th>${cell(countOf(c) - (c.dropped ?? 0))}${cell(countOf(c, FAILURE_OUTCOMES), true)}` +
      FAILURE_KINDS.map((o) => cell(c[o] ?? 0, true)).join('') +
      '</tr>'
    );
  });
  return `<table class="counters"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The verdict once the report is in; until then the requests lost so far in the judged phases. */
function verdict(run: ScenarioLive, final?: ScenarioReport): string {
  if (final) return `<span${attrs({ class: `badge verdict ${verdictClass(final)}` })}>${esc(verdictCell(final))}</span>`;
  const lost = JUDGED_PHASES.reduce((n, p) => n + countOf(run.phases[p] ?? {}, FAILURE_OUTCOMES), 0);
  return lost ? `<span class="lost">${lost} lost so far</span>` : `<span class="clean">no loss so far</span>`;
}

/** One scenario's live row: name, current phase, verdict, counters per phase, then its live timeline. */
export function liveRow(run: ScenarioLive, now: number, final?: ScenarioReport): string {
  const name = `${esc(run.scenario)}${run.iteration > 1 ? ` <span class="muted">run #${run.iteration}</span>` : ''}`;
  return (
    `<section${attrs({ class: `live-row ${run.phase}`, 'data-scenario': run.scenario, 'data-phase': run.phase, 'data-requests': run.requests })}>` +
    `<div class="info"><h2>${name}</h2><p class="state"><span${attrs({ class: `phase-badge ${run.phase}` })}>${esc(run.phase)}</span> ${verdict(run, final)}</p>` +
    `${counters(run)}</div><div class="lanes">${liveTimelineSvg(run, now)}</div></section>`
  );
}
