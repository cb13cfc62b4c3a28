import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { WaitCheck } from '../../util/index.ts';

/**
 * Rollout complete as `kubectl rollout status` decides it: the controller has observed the latest
 * generation, every replica is updated and available, and no old replica is left.
 */
export function rolloutComplete(d: V1Deployment): WaitCheck {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const generation = d.metadata?.generation ?? 0;
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, failed: `deployment exceeded its progress deadline: ${progressing.message ?? ''}`.trim() };
  }
  const observed = s.observedGeneration ?? 0;
  if (observed < generation) return { done: false, waiting: `controller has not observed generation ${generation} (at ${observed})` };
  const updated = s.updatedReplicas ?? 0;
  const total = s.replicas ?? 0;
  const available = s.availableReplicas ?? 0;
  if (updated < want) return { done: false, waiting: `${updated} of ${want} replicas updated` };
  if (total > updated) return { done: false, waiting: `${total - updated} old replicas pending termination` };
  if (available < updated) return { done: false, waiting: `${available} of ${updated} updated replicas available` };
  return { done: true };
}

export function podReady(p: V1Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Pods that still count: not finished (Succeeded/Failed). */
export function livePods(pods: V1Pod[]): V1Pod[] {
  return pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/**
 * Settled: `replicas` pods available (all updated, no old ones), every live pod ready, and no pod
 * terminating, so load started now only meets steady pods.
 */
export function settled(d: V1Deployment, pods: V1Pod[]): WaitCheck {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return { done: false, waiting: 'deployment change not yet observed' };
  const terminating = pods.filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name);
  if (terminating.length) return { done: false, waiting: `pods terminating: ${terminating.join(', ')}` };
  if ((s.availableReplicas ?? 0) < want) return { done: false, waiting: `${s.availableReplicas ?? 0} of ${want} replicas available` };
  if ((s.replicas ?? 0) !== want) return { done: false, waiting: `${s.replicas ?? 0} replicas exist, ${want} wanted` };
  const live = livePods(pods);
  const ready = live.filter(podReady).length;
  if (live.length !== want || ready !== want) return { done: false, waiting: `${ready} of ${live.length} pods ready, ${want} wanted` };
  return { done: true };
}
