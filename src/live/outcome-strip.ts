import { FAILURE_OUTCOMES, OUTCOMES } from '../metrics/index.ts';
import { attrs, escapeMarkup, OUTCOME_STYLE, relSeconds, type TimeScale } from '../render/index.ts';
import type { OutcomeCounts } from '../run/index.ts';
import { BIN_MS } from '../run/index.ts';
import { countOf, shownOutcome } from './outcome-counts.ts';

export const STRIP_HEIGHT = 26;
const f = (n: number) => Number(n.toFixed(1));

/**
 * One stream's outcomes as a strip of cells at y..y+STRIP_HEIGHT, a cell per bin (BIN_MS, by end
 * time) coloured by its shown outcome (its most frequent failure before all else) in the
 * report's outcome colours, with the number of failed requests written on it; exact counts in
 * its tooltip. The bin still filling ends at `until`.
 */
export function outcomeStrip(sc: TimeScale, bins: ReadonlyMap<number, OutcomeCounts>, label: string, y: number, until = sc.t1): string {
  const parts = [
    `<text${attrs({ class: 'strip-label', x: sc.left - 8, y: y + 18, 'text-anchor': 'end' })}>${escapeMarkup(label)}</text>`,
    `<rect${attrs({ x: sc.left, y, width: sc.width, height: STRIP_HEIGHT, fill: '#f1f3f5' })}/>`,
  ];
  for (const [t, c] of bins) {
    const outcome = shownOutcome(c);
    if (!outcome || t + BIN_MS <= sc.t0 || t >= sc.t1) continue;
    const x0 = sc.x(t);
    const w = Math.max(1, sc.x(Math.min(t + BIN_MS, Math.max(until, t))) - x0 - 1);
    const failed = countOf(c, FAILURE_OUTCOMES);
    const tip = `${relSeconds(t, sc.t0)} .. ${relSeconds(t + BIN_MS, sc.t0)}: ${OUTCOMES.filter((o) => c[o])
      .map((o) => `${c[o]} ${OUTCOME_STYLE[o].label}`)
      .join(', ')}`;
    parts.push(
      `<g${attrs({ class: `bin ${outcome}`, 'data-t': t })}><title>${escapeMarkup(tip)}</title>` +
        `<rect${attrs({ x: f(x0), y, width: f(w), height: STRIP_HEIGHT, fill: OUTCOME_STYLE[outcome].colour })}/>` +
        (failed && w >= 12
          ? `<text${attrs({ class: 'bin-count', x: f(x0 + w / 2), y: y + 18, 'text-anchor': 'middle' })}>${failed}</text>`
          : '') +
        '</g>',
    );
  }
  return `<g${attrs({ class: 'strip', 'data-stream': label })}>${parts.join('')}</g>`;
}
