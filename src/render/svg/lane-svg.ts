import type { EndpointLag } from '../../metrics/index.ts';
import type { TimelineEvent } from '../../timeline/index.ts';
import { fmtMs } from '../format.ts';
import { attrs, escapeMarkup } from '../markup.ts';
import { type PodLane, type Span, spansOf } from './pod-lanes.ts';
import { LANE } from './styles.ts';
import { relSeconds, type TimeScale } from './time-scale.ts';

export const LANE_HEIGHT = 30;
const f = (n: number) => Number(n.toFixed(1));

/** A rect over [span.start, span.end ?? t1] at height y..y+h, with a tooltip. */
function spanRect(sc: TimeScale, s: Span, y: number, h: number, fill: string, title: string, extra = ''): string {
  const x0 = sc.x(s.start);
  const x1 = sc.x(s.end ?? sc.t1);
  if (s.start > sc.t1 || (s.end !== undefined && s.end < sc.t0)) return '';
  const until = s.end === undefined ? 'end of the run' : relSeconds(s.end, sc.t0);
  return `<rect${attrs({ x: f(x0), y, width: f(Math.max(1, x1 - x0)), height: h, fill })}${extra}><title>${escapeMarkup(`${title}: ${relSeconds(s.start, sc.t0)} .. ${until}`)}</title></rect>`;
}

const LABELS: Partial<Record<TimelineEvent['kind'], string>> = {
  'pod-deleted': 'deleted',
  sigterm: 'SIGTERM',
  sigkill: 'SIGKILL',
  exit: 'exit',
  'evict-blocked': 'eviction blocked (429)',
  evicted: 'evicted',
};

/** The marker of a point event, centred on the lane's bar (at y + 10). */
function marker(sc: TimeScale, e: TimelineEvent, y: number): string {
  const x = f(sc.x(e.t));
  const c = y + 10;
  const title = `<title>${escapeMarkup(`${LABELS[e.kind] ?? e.kind}${e.detail ? ` ${e.detail}` : ''} at ${relSeconds(e.t, sc.t0)}`)}</title>`;
  const shape = (() => {
    switch (e.kind) {
      case 'pod-deleted':
        return `<rect${attrs({ x: x - 1, y: y + 1, width: 2.5, height: LANE_HEIGHT - 4, fill: LANE.deleted })}/>`;
      case 'sigterm':
        return `<path d="M${x - 5.5},${y} L${x + 5.5},${y} L${x},${y + 9} Z" fill="${LANE.sigterm}" stroke="#fff" stroke-width="1"/>`;
      case 'sigkill':
        return `<path d="M${x - 4.5},${y - 1} L${x + 4.5},${y + 8} M${x - 4.5},${y + 8} L${x + 4.5},${y - 1}" stroke="${LANE.sigkill}" stroke-width="3"/>`;
      case 'exit':
        return (
          `<circle${attrs({ cx: x, cy: c, r: 4, fill: LANE.exit, stroke: '#fff', 'stroke-width': 1 })}/>` +
          (e.detail ? `<text${attrs({ x: x + 7, y: c + 4 })}>${escapeMarkup(e.detail)}</text>` : '')
        );
      case 'evict-blocked':
        return `<rect${attrs({ x: x - 3.5, y: c - 3.5, width: 7, height: 7, fill: LANE.evict })}/>`;
      default:
        return `<path d="M${x},${c - 5} L${x + 5},${c} L${x},${c + 5} L${x - 5},${c} Z" fill="${LANE.evict}"/>`;
    }
  })();
  return `<g${attrs({ class: `mark ${e.kind}` })}>${title}${shape}</g>`;
}

/** The endpoint spans, split where the pod was deleted: the part after deletion is the endpoint lag. */
function endpointRects(sc: TimeScale, lane: PodLane, y: number): string {
  const deleted = lane.marks.find((m) => m.kind === 'pod-deleted')?.t;
  return lane.endpoint
    .map((s) => {
      const end = s.end ?? sc.t1;
      if (deleted === undefined || deleted >= end) return spanRect(sc, s, y, 6, LANE.endpoint, 'endpoint in service');
      if (deleted <= s.start) return spanRect(sc, s, y, 6, LANE.lag, 'endpoint in service after deletion');
      return (
        spanRect(sc, { start: s.start, end: deleted }, y, 6, LANE.endpoint, 'endpoint in service') +
        spanRect(sc, { start: deleted, end: s.end }, y, 6, LANE.lag, 'endpoint still in service after deletion (endpoint lag)')
      );
    })
    .join('');
}

/** The data-path lag: deletion .. the last new connection the pod answered, a thin strip under the endpoint strip. */
function dataPathRect(sc: TimeScale, lag: EndpointLag | undefined, y: number): string {
  if (lag?.lastNewConnectionAt === undefined || lag.dataPathLagMs === undefined) return '';
  const title = `new connections still answered ${fmtMs(lag.dataPathLagMs)} ms after deletion (data-path lag)`;
  return `<g class="datapath-lag">${spanRect(sc, { start: lag.deletedAt, end: lag.lastNewConnectionAt }, y, 4, LANE.datapath, title)}</g>`;
}

/** One pod's lane: lifetime bar (alive, ready), preStop span, endpoint strip below it, data-path lag under that, markers on top. */
export function laneSvg(sc: TimeScale, lane: PodLane, label: string, y: number, lag?: EndpointLag): string {
  const tooltip = lane.events.map((e) => `${relSeconds(e.t, sc.t0)} ${e.kind}${e.detail ? ` ${e.detail}` : ''}`).join('\n');
  const parts = [
    `<text${attrs({ class: 'lane-label', x: sc.left - 8, y: y + 15, 'text-anchor': 'end' })}><title>${escapeMarkup(`${lane.pod}${lane.node ? ` on ${lane.node}` : ''}\n${tooltip}`)}</title>${escapeMarkup(label)}</text>`,
    spanRect(sc, lane.alive, y + 6, 8, LANE.alive, 'pod alive'),
    ...lane.ready.map((s) => spanRect(sc, s, y + 6, 8, LANE.ready, 'ready')),
    ...lane.prestop.map((s) => spanRect(sc, s, y + 4, 12, LANE.prestop, 'preStop hook', ' opacity="0.85"')),
    endpointRects(sc, lane, y + 18),
    dataPathRect(sc, lag, y + 25),
    ...lane.marks.map((e) => marker(sc, e, y)),
  ];
  return `<g${attrs({ class: 'lane', 'data-pod': lane.pod })}>${parts.join('')}</g>`;
}

/** The top lane for events naming no pod: node cordon spans (labelled) and ticks for the rest. */
export function clusterLaneSvg(sc: TimeScale, events: readonly TimelineEvent[], y: number): string {
  const parts = [`<text${attrs({ x: sc.left - 8, y: y + 12, 'text-anchor': 'end' })}>cluster</text>`];
  const nodes = [...new Set(events.filter((e) => e.kind === 'node-cordoned' && e.node).map((e) => e.node!))];
  for (const node of nodes) {
    const mine = events.filter((e) => e.node === node);
    for (const s of spansOf(mine, 'node-cordoned', 'node-uncordoned')) {
      parts.push(spanRect(sc, s, y + 3, 12, '#ced4da', `${node} cordoned`));
      parts.push(`<text${attrs({ x: f(sc.x(s.start) + 4), y: y + 13, 'font-size': 10 })}>${escapeMarkup(`${node} cordoned`)}</text>`);
    }
  }
  for (const e of events.filter((ev) => ev.kind !== 'node-cordoned' && ev.kind !== 'node-uncordoned')) {
    const title = `${e.kind}${e.node ? ` ${e.node}` : ''}${e.detail ? ` ${e.detail}` : ''} at ${relSeconds(e.t, sc.t0)}`;
    parts.push(
      `<g${attrs({ class: `mark ${e.kind}` })}><title>${escapeMarkup(title)}</title><rect${attrs({ x: f(sc.x(e.t) - 1), y: y + 1, width: 2, height: 16, fill: '#868e96' })}/></g>`,
    );
  }
  return `<g class="cluster-lane">${parts.join('')}</g>`;
}
