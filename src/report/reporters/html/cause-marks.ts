import type { DiagnosisEntry } from '../../../metrics/index.ts';
import { attrs, CAUSE_COLOUR, escapeMarkup, relSeconds, type TimeScale } from '../../../render/index.ts';

const f = (n: number) => Number(n.toFixed(1));

/**
 * The diagnosis on the timeline: each evidence group as a translucent band in its cause's colour
 * over [from, to] on its pod's lane (over every lane when the pod has none), with a tooltip
 * (cause, count, reason); the largest group of each cause and pod is labelled with the cause.
 */
export function causeMarks(
  sc: TimeScale,
  diagnosis: readonly DiagnosisEntry[],
  laneY: ReadonlyMap<string, number>,
  all: { top: number; height: number },
  laneHeight: number,
): string {
  const out: string[] = [];
  for (const d of diagnosis) {
    const labelled = new Set<string>();
    for (const e of d.evidence) {
      const y = laneY.get(e.pod);
      const top = y ?? all.top;
      const height = y === undefined ? all.height : laneHeight - 2;
      const x0 = sc.x(e.from);
      const x1 = Math.max(sc.x(e.to), x0 + 3);
      const title = `${d.cause}: ${e.count} failed at ${relSeconds(e.from, sc.t0)} .. ${relSeconds(e.to, sc.t0)}${e.pod ? ` (${e.pod})` : ''}: ${e.detail}${e.missing ? ` (missing: ${e.missing})` : ''}`;
      const label = labelled.has(e.pod)
        ? ''
        : `<text${attrs({ class: 'cause-label', x: f(x1 + 2), y: top + 9, fill: CAUSE_COLOUR[d.cause] })}>${escapeMarkup(d.cause)}</text>`;
      labelled.add(e.pod);
      out.push(
        `<g${attrs({ class: `cause ${d.cause}`, 'data-pod': e.pod })}><title>${escapeMarkup(title)}</title>` +
          `<rect${attrs({ x: f(x0), y: top, width: f(x1 - x0), height, fill: CAUSE_COLOUR[d.cause], 'fill-opacity': 0.22, stroke: CAUSE_COLOUR[d.cause], 'stroke-width': 1 })}/>${label}</g>`,
      );
    }
  }
  return out.join('');
}
