import type { ScenarioRun } from '../../../metrics/index.ts';
import { FAILURE_OUTCOMES, HARNESS_OUTCOMES, OUTCOMES, type Outcome } from '../../../metrics/index.ts';
import {
  attrs,
  clusterEvents,
  clusterLaneSvg,
  escapeMarkup,
  killLines,
  LANE_HEIGHT,
  laneSvg,
  phaseBands,
  podLanes,
  shortPodName,
  timeGrid,
  timeScale,
} from '../../../render/index.ts';
import { causeMarks } from './cause-marks.ts';
import { loadPodLanes } from './load-pod-lanes.ts';
import { outcomeChart, perBucket } from './outcome-chart.ts';

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
 * Each diagnosed cause is a band in its colour on the lane of the pod it names (html/cause-marks.ts).
 * With load from inside the cluster, the load pods follow as a lane group: per pod its node and its failures over time.
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
  const laneY = new Map<string, number>();
  for (const lane of lanes) {
    laneY.set(lane.pod, y);
    body.push(
      laneSvg(
        sc,
        lane,
        shortPodName(lane.pod, scenario),
        y,
        run.endpointLags.find((l) => l.pod === lane.pod),
      ),
    );
    y += LANE_HEIGHT;
  }
  if (!lanes.length) {
    body.push(`<text${attrs({ x: LEFT + 8, y: y + 16 })}>no pod events recorded</text>`);
    y += LANE_HEIGHT;
  }
  body.push(causeMarks(sc, run.diagnosis ?? [], laneY, { top: lanesTop, height: y - lanesTop }, LANE_HEIGHT));
  const loadGroup = loadPodLanes(sc, run, y + GAP);
  if (loadGroup.height) body.push(loadGroup.svg);
  y += loadGroup.height ? loadGroup.height + GAP : 0;
  y += GAP;
  if (buckets) {
    body.push(outcomeChart(sc, buckets, OUTCOMES, y, CHART, perBucket('requests', buckets)));
    y += CHART + GAP;
    if (failures) body.push(outcomeChart(sc, buckets, FAILED, y, FAIL_CHART, perBucket('failed', buckets)));
    else body.push(`<text${attrs({ x: LEFT + 8, y: y + 18 })}>no failed request in this run</text>`);
    y += (failures ? FAIL_CHART : 24) + GAP;
  } else {
    body.push(
      `<text${attrs({ x: LEFT + 8, y: y + 16 })}>this report has no per-bucket request counts (written before they were added)</text>`,
    );
    y += 24 + GAP;
  }
  const height = y + AXIS;
  const bands = phaseBands(sc, [b.baseline, b.disruption, b.recovery, b.end], y);
  const grid = timeGrid(sc, HEAD, y);
  const kills = killLines(sc, lanes, lanesTop, y - GAP);
  const label = `timeline of ${scenario} run #${run.iteration}`;
  return (
    `<svg${attrs({ class: 'timeline', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, 'data-run': run.iteration })}>` +
    `<title>${escapeMarkup(label)}</title>${bands}${grid}${body.join('')}${kills}` +
    `<text${attrs({ x: LEFT - 8, y: y + 16, 'text-anchor': 'end' })}>time since baseline start</text></svg>`
  );
}
