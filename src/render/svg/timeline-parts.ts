import { PHASES } from '../../timeline/index.ts';
import { attrs } from '../markup.ts';
import type { PodLane } from './pod-lanes.ts';
import { LANE, PHASE_FILL } from './styles.ts';
import { relSeconds, type TimeScale, ticks } from './time-scale.ts';

/**
 * The phase bands from y 0 to `height`: baseline, disruption and recovery between `starts` (the
 * three phase starts, then the end), each named at the top when `labelled` and wide enough.
 */
export function phaseBands(sc: TimeScale, starts: readonly [number, number, number, number], height: number, labelled = true): string {
  return PHASES.map((p, i) => {
    const x0 = sc.x(starts[i]);
    const x1 = sc.x(starts[i + 1]);
    return (
      `<g class="phase ${p}"><rect${attrs({ x: x0, y: 0, width: Math.max(0, x1 - x0), height, fill: PHASE_FILL[p] })}/>` +
      (labelled && x1 - x0 > 40
        ? `<text${attrs({ class: 'phase-label', x: (x0 + x1) / 2, y: 15, 'text-anchor': 'middle' })}>${p}</text>`
        : '') +
      '</g>'
    );
  }).join('');
}

/** Grid lines at the axis ticks from `top` to `bottom`, each labelled below (seconds since t0), labels at the edges kept inside. */
export function timeGrid(sc: TimeScale, top: number, bottom: number): string {
  return ticks(sc)
    .map((t) => {
      const x = sc.x(t);
      const anchor = x - sc.left < 12 ? 'start' : sc.left + sc.width - x < 12 ? 'end' : 'middle';
      return (
        `<line${attrs({ x1: x, x2: x, y1: top, y2: bottom, stroke: '#000', 'stroke-opacity': 0.07 })}/>` +
        `<text${attrs({ x, y: bottom + 16, 'text-anchor': anchor })}>${relSeconds(t, sc.t0).replace('.0 s', ' s')}</text>`
      );
    })
    .join('');
}

/** The lanes' SIGKILLs as dashed lines from `top` to `bottom`, so that losses line up with them. */
export function killLines(sc: TimeScale, lanes: readonly PodLane[], top: number, bottom: number): string {
  return lanes
    .flatMap((l) => l.marks.filter((m) => m.kind === 'sigkill' && sc.inside(m.t)))
    .map(
      (m) =>
        `<line${attrs({ class: 'kill-line', x1: sc.x(m.t), x2: sc.x(m.t), y1: top, y2: bottom, stroke: LANE.sigkill, 'stroke-dasharray': '4 3', 'stroke-opacity': 0.55 })}/>`,
    )
    .join('');
}
