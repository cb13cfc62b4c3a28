import type { RequestRecord } from '../load/index.ts';
import { CODES } from '../load/index.ts';

/**
 * When a request slot's outcome became known, epoch ms: its end (send time + latency); a
 * dropped slot's end is the time it was due. The phase rule files every slot by this time.
 */
export function requestEnd(r: RequestRecord): number {
  return r.code === CODES.dropped ? r.t : r.t + r.ms;
}
