import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { PodEvent } from './pod-transitions.ts';

/** One endpoint of a slice, keyed by its pod. */
export interface EndpointState {
  pod: string;
  node?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/**
 * The endpoints of one EndpointSlice by pod name. Per the EndpointSlice API a nil `ready` means
 * ready, a nil `serving` means the same as `ready`, and a nil `terminating` means false.
 */
export function sliceEndpoints(slice: V1EndpointSlice | undefined): Map<string, EndpointState> {
  const out = new Map<string, EndpointState>();
  for (const e of slice?.endpoints ?? []) {
    const pod = e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined;
    if (!pod) continue;
    const ready = e.conditions?.ready ?? true;
    out.set(pod, {
      pod,
      node: e.nodeName,
      ready,
      serving: e.conditions?.serving ?? ready,
      terminating: e.conditions?.terminating ?? false,
    });
  }
  return out;
}

function conditions(s: EndpointState): string {
  return `ready=${s.ready} serving=${s.serving} terminating=${s.terminating}`;
}

/**
 * Endpoint events between two views of a Service's endpoints (all slices merged by pod):
 * `endpoint-added` when a pod's endpoint turns ready (new connections go to it from now on),
 * `endpoint-removed` when a ready endpoint turns not ready (terminating, unready) or leaves.
 */
export function diffEndpoints(before: Map<string, EndpointState>, after: Map<string, EndpointState>): PodEvent[] {
  const events: PodEvent[] = [];
  for (const [pod, now] of after) {
    const was = before.get(pod);
    const node = now.node ? { node: now.node } : {};
    if (now.ready && !was?.ready) events.push({ kind: 'endpoint-added', pod, ...node, detail: conditions(now) });
    if (!now.ready && was?.ready) events.push({ kind: 'endpoint-removed', pod, ...node, detail: conditions(now) });
  }
  for (const [pod, was] of before) {
    if (after.has(pod) || !was.ready) continue;
    events.push({ kind: 'endpoint-removed', pod, ...(was.node ? { node: was.node } : {}), detail: 'left the slice' });
  }
  return events;
}

/** Merges the endpoints of several slices of one Service (an endpoint ready in any slice counts as ready). */
export function mergeSlices(slices: Iterable<Map<string, EndpointState>>): Map<string, EndpointState> {
  const out = new Map<string, EndpointState>();
  for (const m of slices) {
    for (const [pod, s] of m) {
      const prev = out.get(pod);
      if (!prev || (s.ready && !prev.ready)) out.set(pod, s);
    }
  }
  return out;
}
