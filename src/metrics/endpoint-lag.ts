import type { TimelineEvent } from '../timeline/index.ts';
import type { EndpointLag } from './types.ts';

/**
 * Per deleted pod: how long after its deletion (first `pod-deleted`) its endpoint left the
 * Service (`endpoint-removed`). The removal counted is the first one at or after the deletion,
 * or, when the endpoint had already gone before (the pod turned unready first) and never came
 * back, that earlier removal (then lagMs <= 0). No removal seen: only deletedAt is set.
 * The data-path lag comes from the records (metrics/data-path-lag.ts).
 */
export function endpointLags(events: readonly TimelineEvent[]): EndpointLag[] {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const out: EndpointLag[] = [];
  const seen = new Set<string>();
  for (const del of sorted) {
    if (del.kind !== 'pod-deleted' || !del.pod || seen.has(del.pod)) continue;
    seen.add(del.pod);
    const mine = sorted.filter((e) => e.pod === del.pod && (e.kind === 'endpoint-added' || e.kind === 'endpoint-removed'));
    const before = mine.filter((e) => e.t < del.t).at(-1);
    const removed = before?.kind === 'endpoint-removed' ? before : mine.find((e) => e.t >= del.t && e.kind === 'endpoint-removed');
    const lag: EndpointLag = { pod: del.pod, deletedAt: del.t };
    if (removed) {
      lag.endpointRemovedAt = removed.t;
      lag.lagMs = removed.t - del.t;
    }
    out.push(lag);
  }
  return out;
}
