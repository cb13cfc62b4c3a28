import type { PodTemplateSpec } from '../../../../k8s/index.ts';
import type { PodRecord, PodStore } from './pod-store.ts';

/** A pod is available once it has been Ready for minReadySeconds. */
export function isAvailable(pod: PodRecord, minReadyMs: number, now: number): boolean {
  return pod.ready && !pod.deletionTimestamp && pod.readySince !== undefined && now - pod.readySince >= minReadyMs;
}

/** Active pods: not terminating and not failed (terminating pods do not count toward replicas). */
export function isActive(pod: PodRecord): boolean {
  return !pod.deletionTimestamp && !pod.failed;
}

/**
 * One revision of a Deployment's pod template and its desired replica count. reconcile() creates
 * pods up to `replicas` and deletes the surplus, least valuable first as the ReplicaSet controller
 * does: Pending before scheduled, not ready before ready, ready for less time before longer, newer before older.
 */
export class ReplicaSet {
  readonly name: string;
  readonly revision: string;
  readonly template: PodTemplateSpec;
  /** Creation order, oldest first (old ReplicaSets are scaled down oldest first). */
  readonly order: number;
  replicas: number;

  constructor(deploymentName: string, revision: string, template: PodTemplateSpec, replicas: number, order: number) {
    this.name = `${deploymentName}-${revision}`;
    this.revision = revision;
    this.template = template;
    this.replicas = replicas;
    this.order = order;
  }

  /** Every pod of this revision, terminating and failed ones included. */
  allPods(store: PodStore): PodRecord[] {
    return store.list().filter((p) => p.revision === this.revision);
  }

  activePods(store: PodStore): PodRecord[] {
    return this.allPods(store).filter(isActive);
  }

  availableCount(store: PodStore, minReadyMs: number, now: number): number {
    return this.activePods(store).filter((p) => isAvailable(p, minReadyMs, now)).length;
  }

  /**
   * Creates or deletes pods to match `replicas`, creating at most `maxCreate` (crash-loop guard).
   * Returns the number of pods it created.
   */
  reconcile(store: PodStore, maxCreate = Infinity): number {
    const active = this.activePods(store);
    const diff = this.replicas - active.length;
    if (diff > 0) {
      const n = Math.min(diff, maxCreate);
      for (let i = 0; i < n; i++) store.create(this.name, this.revision, this.template);
      return n;
    }
    const victims = active.sort(deletionRank).slice(0, -diff);
    for (const p of victims) store.delete(p.name, this.template.spec.terminationGracePeriodSeconds);
    return 0;
  }
}

/** Sorts the pods to delete first to the front. */
function deletionRank(a: PodRecord, b: PodRecord): number {
  const scheduled = Number(!!a.node) - Number(!!b.node);
  if (scheduled) return scheduled;
  const ready = Number(a.ready) - Number(b.ready);
  if (ready) return ready;
  if (a.ready && b.ready && a.readySince !== b.readySince) return (b.readySince ?? 0) - (a.readySince ?? 0);
  return b.createdAt - a.createdAt;
}
