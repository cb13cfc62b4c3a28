import { FAILURE_OUTCOMES, HARNESS_OUTCOMES, OUTCOMES, type Outcome } from '../../../metrics/types.ts';
import { PHASES } from '../../../timeline/types.ts';
import type { ScenarioRun } from '../../model.ts';
import { clusterLaneSvg, LANE_HEIGHT, laneSvg } from './lane-svg.ts';
import { attrs, escapeMarkup } from '../markup.ts';
import { outcomeChart, perBucket } from './outcome-chart.ts';
import { clusterEvents, podLanes, shortPodName } from './pod-lanes.ts';
import { LANE, PHASE_FILL } from './styles.ts';
import { relSeconds, ticks, timeScale } from './time-scale.ts';

const WIDTH = 1200;
const LEFT = 180;
const RIGHT = 20;
const HEAD = 22;
const GAP = 12;
const CHART = 84;
const FAIL_CHART = 64;
const AXIS = 30;
/** The failures-only chart: requests the app lost and slots the harness could not send or complete. */
const FAILED: readonly Outcome[] = [...FAILURE_OUTCOMES, ...HARNESS_OUTCOMES];

/**
 * The run's timeline as inline SVG: x is time since the baseline started, shaded by phase;
 * one lane per pod (lifetime, readiness, preStop, endpoint in service, deletion, SIGTERM,
 * SIGKILL, exit, data-path lag); below, request outcomes per time bucket (by end time), then the
 * failures (and dropped or client-side slots) alone on their own scale. SIGKILLs are drawn as dashed lines through everything so losses line up with them.
 */
export function timelineSvg(run: ScenarioRun, scenario: string): string {
  const b = run.boundaries;
  const sc = timeScale(b.baseline, Math.max(b.end, b.baseline + 1), LEFT, WIDTH - LEFT - RIGHT);
  const lanes = podLanes(run.timeline);
  const cluster = clusterEvents(run.timeline);
  const buckets = run.buckets;
  const failures = buckets ? FAILED.reduce((n, o) => n + (buckets.counts[o] ?? []).reduce((a, v) => a + v, 0), 0) : 0;
  let y = HEAD;
  const body: string[] = [];
  if (cluster.length) {
    body.push(clusterLaneSvg(sc, cluster, y));
    y += 20;
  }
  const lanesTop = y;
  for (const lane of lanes) {
    body.push(laneSvg(sc, lane, shortPodName(lane.pod, scenario), y, run.endpointLags.find((l) => l.pod === lane.pod)));
    y += LANE_HEIGHT;
  }
  if (!lanes.length) {
    body.push(`<text${attrs({ x: LEFT + 8, y: y + 16 })}>no pod events recorded</text>`);
    y += LANE_HEIGHT;
  }
  y += GAP;
  if (buckets) {
    body.push(outcomeChart(sc, buckets, OUTCOMES, y, CHART, perBucket('requests', buckets)));
    y += CHART + GAP;
    if (failures) body.push(outcomeChart(sc, buckets, FAILED, y, FAIL_CHART, perBucket('failed', buckets)));
    else body.push(`<text${attrs({ x: LEFT + 8, y: y + 18 })}>no failed request in this run</text>`);
    y += (failures ? FAIL_CHART : 24) + GAP;
  } else {
    body.push(`<text${attrs({ x: LEFT + 8, y: y + 16 })}>this report has no per-bucket request counts (written before they were added)</text>`);
    y += 24 + GAP;
  }
  const height = y + AXIS;
  const bands = PHASES.map((p, i) => {
    const x0 = sc.x([b.baseline, b.disruption, b.recovery][i]);
    const x1 = sc.x([b.disruption, b.recovery, b.end][i]);
    return `<g class="phase ${p}"><rect${attrs({ x: x0, y: 0, width: Math.max(0, x1 - x0), height: y, fill: PHASE_FILL[p] })}/>` +
      (x1 - x0 > 40 ? `<text${attrs({ class: 'phase-label', x: (x0 + x1) / 2, y: 15, 'text-anchor': 'middle' })}>${p}</text>` : '') + '</g>';
  });
  const grid = ticks(sc).map((t) => {
    const x = sc.x(t);
    const anchor = x - sc.left < 12 ? 'start' : sc.left + sc.width - x < 12 ? 'end' : 'middle';
    return `<line${attrs({ x1: x, x2: x, y1: HEAD, y2: y, stroke: '#000', 'stroke-opacity': 0.07 })}/>` +
      `<text${attrs({ x, y: y + 16, 'text-anchor': anchor })}>${relSeconds(t, sc.t0).replace('.0 s', ' s')}</text>`;
  });
  const kills = lanes.flatMap((l) => l.marks.filter((m) => m.kind === 'sigkill' && sc.inside(m.t)))
    .map((m) => `<line${attrs({ class: 'kill-line', x1: sc.x(m.t), x2: sc.x(m.t), y1: lanesTop, y2: y - GAP, stroke: LANE.sigkill, 'stroke-dasharray': '4 3', 'stroke-opacity': 0.55 })}/>`);
  const label = `timeline of ${scenario} run #${run.iteration}`;
  return `<svg${attrs({ class: 'timeline', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, 'data-run': run.iteration })}>` +
    `<title>${escapeMarkup(label)}</title>${bands.join('')}${grid.join('')}${body.join('')}${kills.join('')}` +
    `<text${attrs({ x: LEFT - 8, y: y + 16, 'text-anchor': 'end' })}>time since baseline start</text></svg>`;
}
