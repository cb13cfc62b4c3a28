import type { CoreV1Event } from '@kubernetes/client-node';
import type { PodEvent } from './pod-transitions.ts';

/**
 * A failed probe attempt from a kubelet Event (reason Unhealthy, message "<Kind> probe failed: ...";
 * a repeated one is the same Event with its count raised, which the watch delivers again), as a
 * `probe-failed` timeline event whose detail starts with the probe kind (`readiness: ...`).
 * Undefined for any other Event.
 */
export function probeFailure(ev: CoreV1Event): PodEvent | undefined {
  const m = /^(Readiness|Liveness|Startup) probe failed:?\s*(.*)$/s.exec(ev.message ?? '');
  if (ev.reason !== 'Unhealthy' || ev.involvedObject?.kind !== 'Pod' || !ev.involvedObject.name || !m) return undefined;
  const node = ev.source?.host || ev.reportingInstance || undefined;
  return { kind: 'probe-failed', pod: ev.involvedObject.name, ...(node ? { node } : {}), detail: `${m[1].toLowerCase()}: ${m[2].trim()}` };
}
