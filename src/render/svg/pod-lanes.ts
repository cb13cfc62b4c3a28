import type { TimelineEvent, TimelineKind } from '../../timeline/index.ts';

/** A span of time; `end` undefined means still open when the timeline ends. */
export interface Span {
  start: number;
  end?: number;
}

/** One pod's lifetime as the timeline recorded it, for one lane of the HTML timeline. */
export interface PodLane {
  pod: string;
  node?: string;
  /** pod-created .. exit (or the first event seen, when creation was not recorded). */
  alive: Span;
  /** pod-ready .. pod-unready / exit. */
  ready: Span[];
  /** endpoint-added .. endpoint-removed: the Service sent new connections here. */
  endpoint: Span[];
  /** prestop-start .. prestop-end. */
  prestop: Span[];
  /** Point events drawn as markers. */
  marks: TimelineEvent[];
  /** Every event of the pod, in time order (for the tooltip). */
  events: TimelineEvent[];
}

const MARK_KINDS: ReadonlySet<TimelineKind> = new Set(['pod-deleted', 'sigterm', 'sigkill', 'exit', 'evict-blocked', 'evicted']);

/** Spans opened by `open` and closed by any of `close`, in time order; a second open while open is ignored. */
export function spansOf(events: readonly TimelineEvent[], open: TimelineKind, close: TimelineKind | readonly TimelineKind[]): Span[] {
  const closing: readonly TimelineKind[] = typeof close === 'string' ? [close] : close;
  const out: Span[] = [];
  let current: Span | undefined;
  for (const e of events) {
    if (e.kind === open && !current) out.push((current = { start: e.t }));
    else if (closing.includes(e.kind) && current) {
      current.end = e.t;
      current = undefined;
    }
  }
  return out;
}

/** One lane per pod named by the timeline, ordered by first appearance (old pods above their replacements). */
export function podLanes(timeline: readonly TimelineEvent[]): PodLane[] {
  const byPod = new Map<string, TimelineEvent[]>();
  const sorted = [...timeline].sort((a, b) => a.t - b.t);
  for (const e of sorted) {
    if (!e.pod) continue;
    const list = byPod.get(e.pod);
    if (list) list.push(e);
    else byPod.set(e.pod, [e]);
  }
  return [...byPod].map(([pod, events]) => {
    const created = events.find((e) => e.kind === 'pod-created')?.t ?? events[0].t;
    const exit = events.find((e) => e.kind === 'exit')?.t;
    return {
      pod,
      node: events.find((e) => e.node)?.node,
      alive: { start: created, end: exit },
      ready: spansOf(events, 'pod-ready', ['pod-unready', 'exit']),
      endpoint: spansOf(events, 'endpoint-added', ['endpoint-removed']),
      prestop: spansOf(events, 'prestop-start', ['prestop-end', 'exit']),
      marks: events.filter((e) => MARK_KINDS.has(e.kind)),
      events,
    };
  });
}

/** Events that name no pod (disruption start/end, node cordons, notes), for the run's top lane. */
export function clusterEvents(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  return timeline.filter((e) => !e.pod && e.kind !== 'phase').sort((a, b) => a.t - b.t);
}

/** The label of a lane: the pod name without its scenario prefix, e.g. "5e630f3bdd-vh878". */
export function shortPodName(pod: string, scenario: string): string {
  return pod.startsWith(`${scenario}-`) && pod.length > scenario.length + 1 ? pod.slice(scenario.length + 1) : pod;
}
