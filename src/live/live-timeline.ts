import { STREAMS } from '../load/index.ts';
import {
  attrs,
  killLines,
  LANE_HEIGHT,
  laneSvg,
  type PodLane,
  phaseBands,
  podLanes,
  type Span,
  shortPodName,
  type TimeScale,
  timeGrid,
  timeScale,
} from '../render/index.ts';
import type { ScenarioLive } from './live-state.ts';
import { outcomeStrip, STRIP_HEIGHT } from './outcome-strip.ts';

const WIDTH = 1440;
const LEFT = 210;
const RIGHT = 22;
const GAP = 6;
const AXIS = 22;
/** The axis spans at least this long, then grows in steps of STEP_MS as the run goes on. */
const MIN_SPAN_MS = 30_000;
const STEP_MS = 10_000;

/** When each phase began, from the timeline's phase events (`end` closes recovery). */
function phaseStarts(run: ScenarioLive): Partial<Record<'baseline' | 'disruption' | 'recovery' | 'end', number>> {
  const out: Record<string, number> = {};
  for (const e of run.events) if (e.kind === 'phase' && e.detail && out[e.detail] === undefined) out[e.detail] = e.t;
  return out;
}

/** The run's axis: from the baseline start (the deploy before it), to the end once known, else a round span past now. */
export function liveScale(run: ScenarioLive, now: number): TimeScale {
  const p = phaseStarts(run);
  const t0 = p.baseline ?? run.since.deploy ?? now;
  const t1 = p.end ?? t0 + Math.max(MIN_SPAN_MS, Math.ceil((now - t0 + STEP_MS / 2) / STEP_MS) * STEP_MS);
  return timeScale(t0, t1, LEFT, WIDTH - LEFT - RIGHT);
}

/** A lane as known at `until`: what is still open ends there (the report's lanes run open spans to the axis end). */
function laneUntil(lane: PodLane, until: number): PodLane {
  const close = (s: Span): Span => ({ start: s.start, end: s.end ?? Math.max(s.start, until) });
  return {
    ...lane,
    alive: close(lane.alive),
    ready: lane.ready.map(close),
    endpoint: lane.endpoint.map(close),
    prestop: lane.prestop.map(close),
  };
}

/**
 * The live timeline of one run, drawn with the report's lane renderer: phase bands so far, a lane
 * per pod (created, ready, preStop, endpoint, deleted, SIGTERM, SIGKILL, exit code), a strip of
 * outcomes per stream, SIGKILLs as dashed lines through all of it, and the time axis.
 */
export function liveTimelineSvg(run: ScenarioLive, now: number): string {
  const sc = liveScale(run, now);
  const p = phaseStarts(run);
  const until = Math.min(p.end ?? now, sc.t1);
  const lanes = podLanes(run.events).map((l) => laneUntil(l, until));
  const body: string[] = [];
  let y = GAP;
  for (const lane of lanes) {
    body.push(laneSvg(sc, lane, shortPodName(lane.pod, run.scenario), y));
    y += LANE_HEIGHT;
  }
  if (!lanes.length) {
    body.push(`<text${attrs({ x: LEFT + 8, y: y + 18 })}>waiting for pods</text>`);
    y += LANE_HEIGHT;
  }
  for (const stream of STREAMS.filter((s) => run.bins.has(s))) {
    body.push(outcomeStrip(sc, run.bins.get(stream)!, stream, y + 2, until));
    y += STRIP_HEIGHT + 4;
  }
  // Phases not begun yet are empty bands at `until`; before the baseline (deploying) there is none.
  const start = (t: number | undefined) => Math.min(t ?? until, until);
  const bands =
    p.baseline === undefined ? '' : phaseBands(sc, [p.baseline, start(p.disruption), start(p.recovery), start(p.end)], y, false);
  const cursor =
    sc.inside(until) && p.end === undefined
      ? `<line${attrs({ class: 'now', x1: sc.x(until), x2: sc.x(until), y1: 0, y2: y, stroke: '#212529', 'stroke-width': 1.5 })}/>`
      : '';
  return (
    `<svg${attrs({ class: 'timeline live', viewBox: `0 0 ${WIDTH} ${y + AXIS}`, role: 'img', 'aria-label': `live timeline of ${run.scenario}` })}>` +
    `${bands}${timeGrid(sc, 0, y)}${body.join('')}${killLines(sc, lanes, GAP, y)}${cursor}</svg>`
  );
}
