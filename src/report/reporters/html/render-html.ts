import { fmtMs, headerLine, reportNotes, SHORT_LEGEND, verdictCell } from '../../format.ts';
import type { ReportModel, ScenarioReport, ScenarioRun } from '../../model.ts';
import type { Reporter } from '../../registry-types.ts';
import { failureSummary } from '../junit.ts';
import { comparisonTable } from './comparison-table.ts';
import { timelineLegend } from './legend.ts';
import { attrs, escapeMarkup as esc } from './markup.ts';
import { CSS } from './styles.ts';
import { timelineSvg } from './timeline-svg.ts';

function lagItems(run: ScenarioRun): string[] {
  const items = run.endpointLags.map((l) => l.lagMs === undefined
    ? `<li><code>${esc(l.pod)}</code>: deleted, endpoint removal not observed</li>`
    : `<li><code>${esc(l.pod)}</code>: endpoint removed ${fmtMs(l.lagMs)} ms after deletion</li>`);
  if (run.evictionBlockedMs !== undefined) items.push(`<li>eviction blocked by a PodDisruptionBudget (429) for ${fmtMs(run.evictionBlockedMs)} ms</li>`);
  return items;
}

function runSection(s: ScenarioReport, run: ScenarioRun): string {
  const lags = lagItems(run);
  return `<div class="card run"><h3>run #${run.iteration}: ${esc(run.verdict)} <span class="muted">(${esc(failureSummary(run.phases))})</span></h3>` +
    timelineSvg(run, s.name) + timelineLegend() +
    (lags.length ? `<ul class="lags">${lags.join('')}</ul>` : '') + '</div>';
}

function scenarioSection(s: ScenarioReport): string {
  const badge = `<span${attrs({ class: `badge ${s.met ? 'met' : 'missed'}` })}>${s.met ? '✓' : '✗'} ${esc(s.verdict)}, expected ${esc(s.expected)}</span>` +
    (s.flaky ? ' <span class="badge flaky">FLAKY</span>' : '');
  return `<section${attrs({ class: 'scenario', id: `scenario-${s.name}` })}><h2>${esc(s.name)} ${badge}</h2>` +
    `<p>${esc(s.description)}</p>${s.why ? `<p><strong>Why:</strong> ${esc(s.why)}</p>` : ''}` +
    `<p class="muted">${esc(verdictCell(s))}, ${esc(s.disruption)}</p>` + s.runs.map((r) => runSection(s, r)).join('') + '</section>';
}

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external URL):
 * an "emulated" banner when emulated, the comparison table, and per scenario run a timeline
 * of pod lifecycles, endpoints and request outcomes over time.
 */
export function renderHtml(model: ReportModel): string {
  const title = `zerodrop report${model.emulated ? ' (emulated)' : ''}: ${model.runId}`;
  const notes = reportNotes(model);
  const banner = model.emulated
    ? `<p class="banner emulated"><strong>EMULATED.</strong> These results come from zerodrop's embedded runtime (provider ${esc(model.provider)}), not from a Kubernetes cluster: pods, probes, endpoints and the Service were emulated with real processes and sockets.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>zerodrop report <span class="muted">${esc(model.runId)}</span>${model.emulated ? ' <span class="badge emulated">EMULATED</span>' : ''}</h1>
${banner}
<p>${esc(headerLine(model))}. Started ${esc(model.startedAt)}, finished ${esc(model.finishedAt)}.</p>
<h2>Comparison</h2>
<p class="muted">A scenario is lossless when its disruption and recovery phases have no failed request (5xx, reset, refused, timeout or other error).</p>
${comparisonTable(model)}
<p class="muted">Columns per phase: ${esc(SHORT_LEGEND)}.</p>
${model.scenarios.map(scenarioSection).join('\n')}
<h2>Notes</h2>
<ul>${notes.length ? notes.map((n) => `<li>${esc(n)}</li>`).join('') : '<li>none</li>'}</ul>
<p class="muted">Written by zerodrop ${esc(model.tool.version)}. Hover over a bar or marker for its exact time and counts.</p>
</main></body></html>
`;
}

export const htmlReporter: Reporter = { name: 'html', fileName: 'report.html', render: renderHtml };
