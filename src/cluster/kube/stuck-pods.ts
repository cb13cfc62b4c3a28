import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { podReady } from './rollout-status.ts';

/**
 * Why one pod is not ready, from (in order) its waiting/terminated container states, its
 * conditions (Unschedulable, ...), and the newest Warning event about it.
 */
export function podReason(pod: V1Pod, events: CoreV1Event[] = []): string {
  const name = pod.metadata?.name ?? '';
  const reasons: string[] = [];
  for (const s of pod.status?.containerStatuses ?? []) {
    const w = s.state?.waiting;
    const t = s.state?.terminated;
    if (w?.reason) reasons.push(`${s.name} ${w.reason}${w.message ? `: ${w.message}` : ''}`);
    else if (t) reasons.push(`${s.name} terminated ${t.reason ?? ''} exit ${t.exitCode}`.replace(/\s+/g, ' '));
    else if (s.state?.running && !s.ready) reasons.push(`${s.name} running, not ready`);
    if (s.restartCount > 0) reasons.push(`${s.restartCount} restarts`);
  }
  for (const c of pod.status?.conditions ?? []) {
    if (c.status !== 'True' && c.reason && c.type !== 'Ready' && c.type !== 'ContainersReady') {
      reasons.push(`${c.type}=${c.status} ${c.reason}${c.message ? `: ${c.message}` : ''}`);
    }
  }
  const warning = events
    .filter((e) => e.type === 'Warning' && e.involvedObject?.name === name)
    .sort((a, b) => eventTime(b) - eventTime(a))[0];
  const seen = reasons.join(' ');
  if (warning && !(warning.message && seen.includes(warning.message.trim())))
    reasons.push(`event ${warning.reason}: ${warning.message ?? ''}`.trim());
  if (!reasons.length) reasons.push(pod.status?.phase ?? 'no status yet');
  return reasons.join('; ').replace(/\s*\n\s*/g, ' ');
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
}

/** `pod (reason), ...` for every pod that is not ready or is terminating; '' when none is stuck. */
export function describeStuckPods(pods: V1Pod[], events: CoreV1Event[] = []): string {
  return pods
    .filter((p) => !podReady(p) || p.metadata?.deletionTimestamp)
    .map((p) => `${p.metadata?.name} (${p.metadata?.deletionTimestamp ? 'terminating; ' : ''}${podReason(p, events)})`)
    .join(', ');
}
