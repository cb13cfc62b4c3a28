import { countOf } from '../live/index.ts';
import { FAILURE_OUTCOMES, HARNESS_OUTCOMES } from '../metrics/index.ts';
import type { OutcomeCounts } from '../run/index.ts';
import { BIN_MS } from '../run/index.ts';

const BLOCKS = '▁▂▃▄▅▆▇█';
export const SGR = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', dim: '\x1b[2m', reset: '\x1b[0m' } as const;

/** One character of a sparkline and its colour. */
export interface Spark {
  ch: string;
  colour?: keyof typeof SGR;
}

/**
 * Outcomes per second as one line of at most `width` characters, the latest seconds, one per bin
 * (BIN_MS): a second in which requests failed is a red bar as tall as its failures against the
 * most failures of a second shown (at least ▃, so it stands out from a clean ▁); slots the
 * harness lost (dropped, client) a yellow bar the same way; a clean second a green ▁; a second
 * with no answer a blank.
 */
export function sparkline(bins: ReadonlyMap<number, OutcomeCounts>, width: number): Spark[] {
  if (!bins.size || width <= 0) return [];
  const times = [...bins.keys()];
  const last = Math.max(...times);
  const first = Math.max(Math.min(...times), last - (width - 1) * BIN_MS);
  const seconds: Array<OutcomeCounts | undefined> = [];
  for (let t = first; t <= last; t += BIN_MS) seconds.push(bins.get(t));
  const bad = (c: OutcomeCounts | undefined) => (c ? countOf(c, FAILURE_OUTCOMES) || countOf(c, HARNESS_OUTCOMES) : 0);
  const max = Math.max(1, ...seconds.map(bad));
  return seconds.map((c) => {
    if (!c || !countOf(c)) return { ch: ' ' };
    const n = bad(c);
    if (!n) return { ch: BLOCKS[0], colour: 'green' };
    const level = Math.min(BLOCKS.length - 1, 2 + Math.round(((BLOCKS.length - 3) * n) / max));
    return { ch: BLOCKS[level], colour: countOf(c, FAILURE_OUTCOMES) ? 'red' : 'yellow' };
  });
}
