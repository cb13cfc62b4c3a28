import { createHash } from 'node:crypto';
import type { Deployment, PodTemplateSpec } from '../../../../k8s/index.ts';
import { type RollingParams, rollingParams } from '../../../../k8s/index.ts';
import type { PodStore } from './pod-store.ts';
import { isActive, isAvailable, ReplicaSet } from './replica-set.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** After this many pods failed (could not start, or exited unprompted), no further pods are created. */
export const CRASH_LOOP_LIMIT = 3;

export interface DeploymentStatus {
  generation: number;
  observedGeneration: number;
  /** Desired replicas (spec). */
  desired: number;
  /** Non-terminating pods of every revision. */
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/** pod-template-hash: a short stable hash of the template. */
export function templateHash(t: PodTemplateSpec): string {
  return createHash('sha256').update(JSON.stringify(t)).digest('hex').slice(0, 10);
}

/** observedGeneration, updatedReplicas, availableReplicas and no old replicas left (kubectl rollout status). */
export function rolloutComplete(s: DeploymentStatus): boolean {
  return (
    s.observedGeneration >= s.generation && s.updatedReplicas === s.desired && s.replicas === s.desired && s.availableReplicas === s.desired
  );
}

/**
 * The Deployment controller's RollingUpdate strategy over ReplicaSets. sync() is level-triggered:
 * call it on every pod change (and periodically, so minReadySeconds elapsing is noticed).
 */
export class DeploymentController {
  private rolling: RollingParams;
  private readonly deployment: Deployment;
  private readonly file: string | undefined;
  private readonly name: string;
  private readonly store: PodStore;
  private template: PodTemplateSpec;
  private generation = 1;
  private observedGeneration = 0;
  private readonly sets = new Map<string, ReplicaSet>();
  private order = 0;

  constructor(deployment: Deployment, store: PodStore, file?: string) {
    this.deployment = structuredClone(deployment);
    this.file = file;
    this.rolling = rollingParams(deployment, file);
    this.name = deployment.metadata.name;
    this.store = store;
    this.template = structuredClone(deployment.spec.template);
  }

  /** spec.replicas, maxSurge and maxUnavailable (percentages resolve against the replicas), minReadySeconds. */
  get params(): RollingParams {
    return this.rolling;
  }

  /**
   * The scale subresource (`kubectl scale`, an HorizontalPodAutoscaler): new spec.replicas, so a new
   * generation; sync() then resizes the current ReplicaSet, deleting the least valuable pods first.
   */
  scale(replicas: number): void {
    this.deployment.spec.replicas = replicas;
    this.rolling = rollingParams(this.deployment, this.file);
    this.generation++;
  }

  /** `kubectl rollout restart`: a new restartedAt annotation, so a new revision and generation. */
  restart(now = new Date()): void {
    const t = structuredClone(this.template);
    t.metadata = { ...t.metadata, annotations: { ...t.metadata?.annotations, [RESTARTED_AT]: now.toISOString() } };
    this.template = t;
    this.generation++;
  }

  get currentRevision(): string {
    return templateHash(this.template);
  }

  sync(now = Date.now()): void {
    const { replicas, maxSurge, maxUnavailable, minReadyMs } = this.params;
    const revision = this.currentRevision;
    let newRS = this.sets.get(revision);
    if (!newRS) {
      // The first revision starts at full size; later ones grow as the rolling update allows.
      newRS = new ReplicaSet(this.name, revision, this.template, this.sets.size === 0 ? replicas : 0, this.order++);
      this.sets.set(revision, newRS);
    }
    const old = [...this.sets.values()].filter((rs) => rs !== newRS).sort((a, b) => a.order - b.order);
    const all = [newRS, ...old];
    const available = (rs: ReplicaSet) => rs.availableCount(this.store, minReadyMs, now);

    // Scale up the new ReplicaSet within replicas + maxSurge (counted over the ReplicaSets' sizes).
    if (newRS.replicas > replicas) newRS.replicas = replicas;
    const specTotal = all.reduce((n, rs) => n + rs.replicas, 0);
    const room = replicas + maxSurge - specTotal;
    if (room > 0) newRS.replicas = Math.min(replicas, newRS.replicas + room);

    // Scale down old ReplicaSets only as far as availability allows (counts as the controller
    // makes them: sizes from the ReplicaSets' specs, availability from their pods).
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = newRS.replicas - available(newRS);
    let maxScaledDown = all.reduce((n, rs) => n + rs.replicas, 0) - minAvailable - newUnavailable;
    const mayScaleDown = maxScaledDown > 0;
    for (const rs of old) {
      // First the old pods that are not available anyway.
      if (maxScaledDown <= 0) break;
      const cut = Math.min(Math.max(0, rs.replicas - available(rs)), maxScaledDown);
      rs.replicas -= cut;
      maxScaledDown -= cut;
    }
    let budget = mayScaleDown ? all.reduce((n, rs) => n + available(rs), 0) - minAvailable : 0;
    for (const rs of old) {
      if (budget <= 0) break;
      const cut = Math.min(rs.replicas, budget);
      rs.replicas -= cut;
      budget -= cut;
    }

    // Once pods fail, only CRASH_LOOP_LIMIT failures in all are tolerated before creation stops.
    const failed = this.store.list().filter((p) => p.failed).length;
    let createBudget = failed === 0 ? Infinity : Math.max(0, CRASH_LOOP_LIMIT - failed);
    for (const rs of all) createBudget -= rs.reconcile(this.store, createBudget);
    for (const rs of old) if (rs.replicas === 0 && rs.allPods(this.store).length === 0) this.sets.delete(rs.revision);
    this.observedGeneration = this.generation;
  }

  status(now = Date.now()): DeploymentStatus {
    const revision = this.currentRevision;
    const pods = this.store.list().filter(isActive);
    return {
      generation: this.generation,
      observedGeneration: this.observedGeneration,
      desired: this.params.replicas,
      replicas: pods.length,
      updatedReplicas: pods.filter((p) => p.revision === revision).length,
      readyReplicas: pods.filter((p) => p.ready).length,
      availableReplicas: pods.filter((p) => isAvailable(p, this.params.minReadyMs, now)).length,
    };
  }

  isAvailable(name: string, now = Date.now()): boolean {
    const pod = this.store.get(name);
    return !!pod && isAvailable(pod, this.params.minReadyMs, now);
  }
}
