import type { TimelineEvent } from '../../timeline/index.ts';
import { endpointLags } from '../endpoint-lag.ts';

/** What the timeline says of one pod's life, as the diagnosis rules read it (epoch ms). */
export interface PodHistory {
  pod: string;
  /** First pod-ready or endpoint-added. */
  readyAt?: number;
  deletedAt?: number;
  /** SIGTERM, and how it is known: the runtime's event, the end of preStop, or the deletion when no preStop ran. */
  sigtermAt?: number;
  sigtermFrom?: 'event' | 'inferred' | 'prestop-end' | 'deletion';
  /** The SIGKILL that ended it (at or after the deletion, when it was deleted). */
  killedAt?: number;
  /**
   * The SIGKILL is known to be the kubelet's at the grace deadline: the embedded runtime's own
   * `sigkill` event (no detail: it kills only then), or a real cluster's exit 137 stamped at the
   * deadline (detail says `at the grace deadline`). An exit 137 seen before the deadline (an OOM
   * kill, a kill from inside) is not.
   */
  killAtDeadline?: boolean;
  /** Its exit (at or after the deletion, when it was deleted). */
  exitAt?: number;
  exitCode?: string;
  /** First sign between SIGTERM and the kill (or exit) that the app reacted: a failed readiness probe or the pod turning unready. */
  reacted?: { t: number; how: string };
  /** Its endpoint left the Service (metrics/endpoint-lag.ts: the removal that counts for the deletion). */
  endpointRemovedAt?: number;
}

const first = (events: readonly TimelineEvent[], pred: (e: TimelineEvent) => boolean) => events.find(pred)?.t;

function historyOf(pod: string, events: readonly TimelineEvent[], removedAt?: number): PodHistory {
  const h: PodHistory = { pod, readyAt: first(events, (e) => e.kind === 'pod-ready' || e.kind === 'endpoint-added') };
  const del = events.find((e) => e.kind === 'pod-deleted');
  h.deletedAt = del?.t;
  const after = (e: TimelineEvent) => del === undefined || e.t >= del.t;
  const term = events.find((e) => e.kind === 'sigterm' && after(e));
  const prestop = events.filter((e) => after(e) && (e.kind === 'prestop-start' || e.kind === 'prestop-end'));
  if (term) Object.assign(h, { sigtermAt: term.t, sigtermFrom: term.detail?.startsWith('inferred') ? 'inferred' : 'event' });
  else if (prestop.some((e) => e.kind === 'prestop-end'))
    Object.assign(h, { sigtermAt: first(prestop, (e) => e.kind === 'prestop-end'), sigtermFrom: 'prestop-end' });
  else if (del && !prestop.length) Object.assign(h, { sigtermAt: del.t, sigtermFrom: 'deletion' });
  const kill = events.find((e) => e.kind === 'sigkill' && after(e));
  if (kill) Object.assign(h, { killedAt: kill.t, killAtDeadline: !kill.detail || kill.detail.includes('at the grace deadline') });
  const exit = events.find((e) => e.kind === 'exit' && after(e));
  if (exit) Object.assign(h, { exitAt: exit.t, exitCode: exit.detail });
  const end = h.killedAt ?? h.exitAt ?? Infinity;
  if (h.sigtermAt !== undefined) {
    const sign = events.find(
      (e) =>
        e.t > h.sigtermAt! &&
        e.t < end &&
        ((e.kind === 'probe-failed' && (e.detail ?? '').startsWith('readiness')) || e.kind === 'pod-unready'),
    );
    if (sign) h.reacted = { t: sign.t, how: sign.kind === 'pod-unready' ? 'the pod turned unready' : 'a readiness probe failed' };
  }
  if (removedAt !== undefined) h.endpointRemovedAt = removedAt;
  return h;
}

/** Every pod the timeline names, with its history. */
export function podHistories(timeline: readonly TimelineEvent[]): Map<string, PodHistory> {
  const sorted = [...timeline].sort((a, b) => a.t - b.t);
  const byPod = new Map<string, TimelineEvent[]>();
  for (const e of sorted) {
    if (!e.pod) continue;
    const list = byPod.get(e.pod);
    if (list) list.push(e);
    else byPod.set(e.pod, [e]);
  }
  const removed = new Map(endpointLags(sorted).map((l) => [l.pod, l.endpointRemovedAt]));
  return new Map([...byPod].map(([pod, events]) => [pod, historyOf(pod, events, removed.get(pod))]));
}

/** The number of endpoints the Service sent new connections to, over time (endpoint-added / endpoint-removed). */
export class EndpointCount {
  /** Change points in time order, each with the count from then on. */
  private readonly points: Array<{ t: number; n: number }> = [];

  constructor(timeline: readonly TimelineEvent[]) {
    const inService = new Set<string>();
    for (const e of [...timeline].sort((a, b) => a.t - b.t)) {
      if (!e.pod || (e.kind !== 'endpoint-added' && e.kind !== 'endpoint-removed')) continue;
      if (e.kind === 'endpoint-added') inService.add(e.pod);
      else inService.delete(e.pod);
      this.points.push({ t: e.t, n: inService.size });
    }
  }

  /** Endpoints at `t`; undefined before the first endpoint event (nothing is known then). */
  at(t: number): number | undefined {
    let lo = 0;
    let hi = this.points.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid].t <= t) {
        found = this.points[mid].n;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
