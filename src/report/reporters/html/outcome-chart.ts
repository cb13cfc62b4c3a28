import type { Outcome, OutcomeBuckets } from '../../../metrics/index.ts';
import { attrs, escapeMarkup, fmtMs, niceMax, OUTCOME_STYLE, relSeconds, STACK_ORDER, type TimeScale } from '../../../render/index.ts';

const f = (n: number) => Number(n.toFixed(1));

/**
 * Stacked bars of request outcomes per time bucket at y..y+height, one bar per bucket,
 * `outcomes` stacked bottom up in STACK_ORDER; y axis 0..a round maximum, labelled on the left.
 */
export function outcomeChart(
  sc: TimeScale,
  b: OutcomeBuckets,
  outcomes: readonly Outcome[],
  y: number,
  height: number,
  title: string,
): string {
  const order = STACK_ORDER.filter((o) => outcomes.includes(o));
  const n = Math.max(0, ...order.map((o) => b.counts[o]?.length ?? 0));
  const totals = Array.from({ length: n }, (_, i) => order.reduce((s, o) => s + (b.counts[o]?.[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const parts = [
    `<rect${attrs({ x: sc.left, y, width: sc.width, height, fill: 'none', stroke: '#ced4da' })}/>`,
    `<text${attrs({ x: sc.left - 8, y: y + 10, 'text-anchor': 'end' })}>${max}</text>`,
    `<text${attrs({ x: sc.left - 8, y: y + height, 'text-anchor': 'end' })}>0</text>`,
    `<text${attrs({ x: sc.left - 8, y: y + height / 2 + 4, 'text-anchor': 'end', 'font-weight': 600 })}>${escapeMarkup(title)}</text>`,
  ];
  for (let i = 0; i < n; i++) {
    if (!totals[i]) continue;
    const start = b.start + i * b.ms;
    if (start >= sc.t1) break;
    const x0 = sc.x(start);
    const w = Math.max(1, sc.x(Math.min(start + b.ms, sc.t1)) - x0 - ((b.ms / (sc.t1 - sc.t0)) * sc.width > 3 ? 1 : 0));
    const tip =
      `${relSeconds(start, sc.t0)} .. ${relSeconds(start + b.ms, sc.t0)}: ` +
      order
        .filter((o) => b.counts[o]?.[i])
        .map((o) => `${b.counts[o][i]} ${OUTCOME_STYLE[o].label}`)
        .join(', ');
    let top = y + height;
    const rects = order.map((o) => {
      const v = b.counts[o]?.[i] ?? 0;
      if (!v) return '';
      const h = (v / max) * height;
      top -= h;
      return `<rect${attrs({ x: f(x0), y: f(top), width: f(w), height: f(Math.max(h, 0.8)), fill: OUTCOME_STYLE[o].colour })}/>`;
    });
    parts.push(`<g class="bucket"><title>${escapeMarkup(tip)}</title>${rects.join('')}</g>`);
  }
  return `<g${attrs({ class: 'chart', 'data-bucket-ms': b.ms })}>${parts.join('')}</g>`;
}

/** "requests / 200 ms" */
export function perBucket(what: string, b: OutcomeBuckets): string {
  return b.ms >= 1000 && b.ms % 1000 === 0 ? `${what} / ${b.ms / 1000} s` : `${what} / ${fmtMs(b.ms)} ms`;
}
