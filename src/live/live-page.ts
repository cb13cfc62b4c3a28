import { CSS, escapeMarkup as esc, PHASE_FILL, timelineLegend } from '../render/index.ts';

/** Projector styles on top of the report's: large type, strong contrast, four rows within 1920x1080. */
const LIVE_CSS = `
body { font-size: 18px; background: #fff; color: #111; }
header { display: flex; align-items: baseline; gap: 24px; padding: 4px 20px; border-bottom: 3px solid #212529; }
header h1 { font-size: 28px; margin: 0; }
.step { font-size: 20px; margin: 0; color: #343a40; }
body[data-state="done"] .step { color: #111; font-weight: 700; }
#rows { padding: 0 12px; }
.live-row { display: grid; grid-template-columns: 410px 1fr; gap: 10px; border-bottom: 2px solid #ced4da; padding: 4px 0; align-items: start; }
.live-row h2 { font-size: 26px; margin: 0; border: 0; padding: 0; }
.state { margin: 2px 0 4px; font-size: 20px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.state .badge { font-size: 20px; }
.phase-badge { padding: 1px 10px; border-radius: 4px; font-weight: 700; border: 2px solid #495057; background: #fff; }
.phase-badge.baseline { background: ${PHASE_FILL.baseline}; } .phase-badge.disruption { background: #ffd43b; } .phase-badge.recovery { background: ${PHASE_FILL.recovery}; }
.phase-badge.done { background: #212529; color: #fff; }
.lost { color: #c92a2a; font-weight: 800; }
.clean { color: #2b8a3e; font-weight: 700; }
table.counters { border-collapse: collapse; font-size: 18px; font-variant-numeric: tabular-nums; }
table.counters th, table.counters td { padding: 0 7px; text-align: right; border-bottom: 1px solid #dee2e6; }
table.counters tbody th { text-align: left; font-weight: 600; }
table.counters td.bad { color: #c92a2a; font-weight: 800; background: #fff5f5; }
svg.timeline.live text { font-size: 15px; fill: #111; }
svg.timeline.live line.kill-line { stroke-width: 2; stroke-opacity: 0.9; }
svg.timeline.live text.lane-label, svg.timeline.live text.strip-label { font-size: 15px; font-weight: 600; }
svg.timeline.live text.bin-count { fill: #fff; font-size: 15px; font-weight: 800; }
footer { padding: 2px 20px 0; display: flex; flex-wrap: wrap; gap: 2px 28px; }
footer .legend { font-size: 14px; margin: 0; display: contents; }
footer .legend b { margin-left: 12px; }
#final iframe { width: 100%; min-height: 600px; border: 0; border-top: 3px solid #212529; }
`;

/**
 * The page's script: applies what /events pushes (rows re-rendered by the server, the current
 * step), and at the report event closes the stream and shows the final report (/report) below.
 */
const SCRIPT = `(() => {
  const rows = document.getElementById('rows');
  const step = document.getElementById('step');
  const data = (ev) => JSON.parse(ev.data);
  const es = new EventSource('/events');
  es.addEventListener('row', (ev) => {
    const d = data(ev);
    const t = document.createElement('template');
    t.innerHTML = d.html;
    const old = [...rows.children].find((c) => c.dataset.scenario === d.scenario);
    if (old) old.replaceWith(t.content); else rows.append(t.content);
  });
  es.addEventListener('step', (ev) => { step.textContent = data(ev).message; });
  es.addEventListener('end', (ev) => { es.close(); step.textContent = data(ev).message; });
  es.addEventListener('report', (ev) => {
    es.close();
    document.body.dataset.state = 'done';
    step.textContent = 'run finished: verdicts above, the full report below';
    const f = document.createElement('iframe');
    f.title = 'zerodrop report';
    f.addEventListener('load', () => { f.style.height = f.contentDocument.documentElement.scrollHeight + 'px'; });
    f.src = data(ev).url;
    document.getElementById('final').append(f);
  });
})();`;

/** The live page, self-contained (inline styles and script, nothing from elsewhere), with the rows as they are now. */
export function livePage(step: string, rows: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>zerodrop live</title><style>${CSS}${LIVE_CSS}</style></head>
<body data-state="running"><header><h1>zerodrop live</h1><p id="step" class="step">${esc(step)}</p></header>
<div id="rows">${rows}</div>
<footer>${timelineLegend()}</footer>
<div id="final"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
