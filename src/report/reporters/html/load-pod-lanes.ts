import type { ScenarioRun } from '../../../metrics/index.ts';
import { attrs, escapeMarkup as esc, relSeconds, type TimeScale } from '../../../render/index.ts';
import { PHASES } from '../../../timeline/index.ts';
import { clockText, LOAD_POD_HEAD, loadPodCells, loadPodRows } from '../load-pod-text.ts';

export const LOAD_LANE_HEIGHT = 22;
const HEADING = 18;
const FAIL = '#c92a2a';
const SENT = '#a5d8ff';
const f = (n: number) => Number(n.toFixed(1));

/**
 * The timeline's lane group for the load pods (--load-from cluster): a heading, then per pod a
 * bar over the measured window labelled with its node, and its failed requests per bucket as red
 * bars (height by count, one scale for the group), so a loss seen from one node only stands out.
 * Returns the SVG and the height it takes ('' and 0 for host load).
 */
export function loadPodLanes(sc: TimeScale, run: ScenarioRun, y: number): { svg: string; height: number } {
  const pods = run.loadPods ?? [];
  if (!pods.length) return { svg: '', height: 0 };
  const b = run.buckets;
  const most = Math.max(1, ...pods.flatMap((p) => p.failedBuckets));
  const parts = [
    `<text${attrs({ class: 'lane-group', x: sc.left - 8, y: y + 13, 'text-anchor': 'end', 'font-weight': 'bold' })}>load pods</text>`,
  ];
  let top = y + HEADING;
  for (const p of pods) {
    const failed = p.failedBuckets.reduce((n, v) => n + v, 0);
    const title = `${p.name} on ${p.node}: ${p.rate} req/s, ${failed} failed, ${p.missing} missing slots, clock offset ${clockText(p.clock)}`;
    const bars = p.failedBuckets.map((n, i) => {
      if (!n) return '';
      const t = b.start + i * b.ms;
      const h = Math.max(2, (n / most) * (LOAD_LANE_HEIGHT - 6));
      return (
        `<rect${attrs({ x: f(sc.x(t)), y: f(top + LOAD_LANE_HEIGHT - 3 - h), width: f(Math.max(1.5, sc.x(t + b.ms) - sc.x(t))), height: f(h), fill: FAIL })}>` +
        `<title>${esc(`${n} failed from ${p.name} at ${relSeconds(t, sc.t0)}`)}</title></rect>`
      );
    });
    parts.push(
      `<g${attrs({ class: 'load-lane', 'data-load-pod': p.name, 'data-node': p.node })}>` +
        `<text${attrs({ class: 'lane-label', x: sc.left - 8, y: top + 14, 'text-anchor': 'end' })}><title>${esc(title)}</title>${esc(p.node)}</text>` +
        `<rect${attrs({ x: f(sc.x(run.boundaries.baseline)), y: top + 8, width: f(Math.max(1, sc.x(run.boundaries.end) - sc.x(run.boundaries.baseline))), height: 6, fill: SENT })}><title>${esc(title)}</title></rect>` +
        `${bars.join('')}</g>`,
    );
    top += LOAD_LANE_HEIGHT;
  }
  return { svg: `<g class="load-pods">${parts.join('')}</g>`, height: top - y };
}

/** The run's load pod table (node, own per-phase figures, missing slots, clock offsets); '' for host load. */
export function loadPodTable(run: ScenarioRun): string {
  const rows = loadPodRows([run]);
  if (!rows.length) return '';
  const head = LOAD_POD_HEAD.slice(1);
  const tr = rows.map(
    (r) =>
      `<tr${attrs({ 'data-load-pod': r.pod })}>${loadPodCells(r)
        .slice(1)
        .map((c) => `<td>${esc(c)}</td>`)
        .join('')}</tr>`,
  );
  return (
    `<h4>Load pods</h4><p class="muted">Each load pod's own requests and failures per phase (${esc(PHASES.join(', '))}): a loss seen from one node only shows in its row.</p>` +
    `<div class="table-wrap"><table class="cmp load-pods"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${tr.join('')}</tbody></table></div>`
  );
}
