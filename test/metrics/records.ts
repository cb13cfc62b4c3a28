import type { RequestRecord, StreamName } from '../../src/load/types.ts';
import { makePhases } from '../../src/timeline/phases.ts';

/** Synthetic records for the metrics tests. */
export function rec(
  t: number,
  code: number | string,
  o: { ms?: number; stream?: StreamName; fresh?: boolean; pod?: string; conn?: number } = {},
): RequestRecord {
  const dropped = code === 'DROPPED';
  return {
    t,
    ms: dropped ? 0 : (o.ms ?? 1),
    code,
    pod: o.pod ?? (dropped ? '' : 'p'),
    conn: dropped ? 0 : (o.conn ?? 1),
    fresh: o.fresh ?? false,
    stream: o.stream ?? 'keep-alive',
  };
}

/** Phases of one second each: baseline [1000, 2000), disruption [2000, 3000), recovery [3000, 4000). */
export const PHASES_1S = makePhases({ baseline: 1000, disruption: 2000, recovery: 3000, end: 4000 });
