import type { EndpointLag } from '../report/model.ts';
import type { TimelineEvent } from '../timeline/types.ts';

/**
 * Per deleted pod: how long after its deletion (first `pod-deleted`) its endpoint left the
 * Service (`endpoint-removed`). The removal counted is the first one at or after the deletion,
 * or, when the endpoint had already gone before (the pod turned unready first) and never came
 * back, that earlier removal (then lagMs <= 0). No removal seen: only deletedAt is set.
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

/**
 * Drain only: total time evictions spent blocked by a PodDisruptionBudget, summed per pod from
 * its first `evict-blocked` (429) to its `evicted` (or the last blocked answer if never evicted).
 * Undefined when no eviction was ever blocked.
 */
export function evictionBlockedMs(events: readonly TimelineEvent[]): number | undefined {
  if (!events.some((e) => e.kind === 'evict-blocked')) return undefined;
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let total = 0;
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    const key = e.pod ?? '';
    if (e.kind === 'evict-blocked') {
      if (!first.has(key)) first.set(key, e.t);
      last.set(key, e.t);
    } else if (e.kind === 'evicted' && first.has(key)) {
      total += e.t - first.get(key)!;
      first.delete(key);
      last.delete(key);
    }
  }
  for (const [key, t] of first) total += last.get(key)! - t;
  return total;
}
