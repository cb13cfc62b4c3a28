import type { ReportModel } from '../../../metrics/index.ts';
import { CSS, EXIT_CODES_TEXT, escapeMarkup as esc, headerLine, reportNotes, VERDICT_RULE } from '../../../render/index.ts';
import { renderComparisonHtml } from '../../comparison/render-comparison-html.ts';
import type { Reporter } from '../../registry-types.ts';
import { columnLegend, phaseColumns } from '../columns.ts';
import { comparisonTable } from './comparison-table.ts';
import { scenarioSection } from './sections.ts';

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external URL):
 * an "emulated" banner when emulated, the comparison table (a row per scenario and stream), and
 * per scenario the full per-stream figures, INVALID reasons, and per run a timeline of pod
 * lifecycles, endpoints (with the data-path lag) and request outcomes over time, failures per
 * pod and the control-plane and data-path lag of each terminated pod.
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
<p class="muted">${esc(VERDICT_RULE)}</p>
${comparisonTable(model)}
<p class="muted">Columns per phase: ${esc(columnLegend(phaseColumns(model)))}.</p>
${model.comparison ? renderComparisonHtml(model.comparison) : ''}
${model.scenarios.map(scenarioSection).join('\n')}
<h2>Notes</h2>
<ul>${notes.length ? notes.map((n) => `<li>${esc(n)}</li>`).join('') : '<li>none</li>'}</ul>
<p class="muted exit-codes">${esc(EXIT_CODES_TEXT)}</p>
<p class="muted">Written by zerodrop ${esc(model.tool.version)}. Hover over a bar or marker for its exact time and counts.</p>
</main></body></html>
`;
}

export const htmlReporter: Reporter = { name: 'html', fileName: 'report.html', render: renderHtml };
