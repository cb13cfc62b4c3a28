import { setTimeout as sleep } from 'node:timers/promises';
import { PatchStrategy, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import type { LoadPods, LoadPodsRequest } from '../../load/index.ts';
import { hostOwnerMarker, type WaitCheck, waitFor } from '../../util/index.ts';
import type { EvictionResult, PodInfo, Workload } from '../provider.ts';
import { apiError, isNotFound } from './api-error.ts';
import { evictionResult } from './eviction-result.ts';
import { type KubeClients, patchOptions } from './kube-clients.ts';
import type { KubeTimeline } from './kube-timeline.ts';
import { CORDONED_BY_ANNOTATION } from './manifest-transform.ts';
import { schedulableNode } from './node-filter.ts';
import { livePods, podReady, rolloutComplete, settled } from './rollout-status.ts';
import { describeStuckPods } from './stuck-pods.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export interface KubeWorkloadOptions {
  clients: KubeClients;
  namespace: string;
  deployment: string;
  /** Label selector of the Deployment's pods (a=b,c=d). */
  podSelector: string;
  target: { host: string; port: number };
  timeline: KubeTimeline;
  /** Reason a node must not be cordoned, or undefined when it may be. */
  nodeGuard?: (node: V1Node) => string | undefined;
  /** How long remove() waits for the namespace to be gone (default 120 s). */
  removeTimeoutMs?: number;
  /** --load-from cluster: starts the load pods in this namespace. */
  startLoadPods?: (req: LoadPodsRequest) => Promise<LoadPods>;
}

/** Cordon or uncordon, marking the node as cordoned by this process (so `zerodrop cleanup` can undo a crashed run's cordon). */
export function cordonPatch(unschedulable: boolean): object {
  return { metadata: { annotations: { [CORDONED_BY_ANNOTATION]: unschedulable ? hostOwnerMarker() : null } }, spec: { unschedulable } };
}

/** spec.replicas through the scale subresource (what an HorizontalPodAutoscaler writes). */
export async function scaleDeployment(c: KubeClients, namespace: string, name: string, replicas: number): Promise<void> {
  await c.apps
    .patchNamespacedDeploymentScale({ name, namespace, body: { spec: { replicas } } }, patchOptions(PatchStrategy.MergePatch))
    .catch((err: unknown) => {
      throw apiError(`scale deployment ${namespace}/${name} to ${replicas}`, err);
    });
}

/** One scenario's Deployment + Service in its own namespace on a real cluster. */
export class KubeWorkload implements Workload {
  readonly target: { host: string; port: number };
  readonly startLoadPods?: (req: LoadPodsRequest) => Promise<LoadPods>;
  protected readonly o: KubeWorkloadOptions;
  private removing: Promise<void> | undefined;

  constructor(o: KubeWorkloadOptions) {
    this.o = o;
    this.target = o.target;
    if (o.startLoadPods) this.startLoadPods = o.startLoadPods;
  }

  get namespace(): string {
    return this.o.namespace;
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw apiError(action, err);
    }
  }

  private async rawPods(): Promise<V1Pod[]> {
    const { namespace, podSelector } = this.o;
    const list = await this.call('list pods', () => this.o.clients.core.listNamespacedPod({ namespace, labelSelector: podSelector }));
    return list.items;
  }

  async pods(): Promise<PodInfo[]> {
    return livePods(await this.rawPods()).map((p) => ({
      name: p.metadata?.name ?? '',
      node: p.spec?.nodeName ?? '',
      ready: podReady(p),
      terminating: !!p.metadata?.deletionTimestamp,
      revision: p.metadata?.labels?.['pod-template-hash'] ?? '',
    }));
  }

  /** Schedulable nodes this workload may cordon (the node guard applies: kubeconfig lists labelled nodes only). */
  async nodes(): Promise<string[]> {
    const list = await this.call('list nodes', () => this.o.clients.core.listNode());
    return list.items
      .filter((n) => schedulableNode(n) && !this.o.nodeGuard?.(n))
      .map((n) => n.metadata?.name ?? '')
      .sort();
  }

  async restart(): Promise<void> {
    const { namespace, deployment } = this.o;
    const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: new Date().toISOString() } } } } };
    await this.call(`restart deployment ${deployment}`, () =>
      this.o.clients.apps.patchNamespacedDeployment({ name: deployment, namespace, body }, patchOptions(PatchStrategy.StrategicMergePatch)),
    );
  }

  private readDeployment() {
    const { namespace, deployment } = this.o;
    return this.call(`read deployment ${deployment}`, () => this.o.clients.apps.readNamespacedDeployment({ name: deployment, namespace }));
  }

  private async explain(): Promise<string> {
    const events = await this.o.clients.core.listNamespacedEvent({ namespace: this.o.namespace }).then(
      (l) => l.items,
      () => [],
    );
    return describeStuckPods(await this.rawPods(), events);
  }

  async waitRolloutComplete(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await waitFor(async () => rolloutComplete(await this.readDeployment()), {
      what: `rollout of deployment ${this.o.namespace}/${this.o.deployment}`,
      timeoutMs,
      signal,
      explain: async () => `stuck pods: ${await this.explain()}`,
    });
  }

  /** Endpoints as the watch sees them match the ready pods (so the Service routes to exactly them). */
  private endpointsCaughtUp(pods: V1Pod[]): WaitCheck {
    const want = pods
      .filter((p) => podReady(p) && !p.metadata?.deletionTimestamp)
      .map((p) => p.metadata?.name ?? '')
      .sort();
    const have = [...this.o.timeline.endpointStates().values()]
      .filter((e) => e.ready)
      .map((e) => e.pod)
      .sort();
    if (want.join() === have.join()) return { done: true };
    return { done: false, waiting: `ready endpoints [${have.join(', ')}] differ from ready pods [${want.join(', ')}]` };
  }

  async waitSettled(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await waitFor(
      async () => {
        const [dep, pods] = await Promise.all([this.readDeployment(), this.rawPods()]);
        const s = settled(dep, pods);
        return s.done ? this.endpointsCaughtUp(pods) : s;
      },
      {
        what: `waiting for ${this.o.namespace}/${this.o.deployment} to settle`,
        timeoutMs,
        signal,
        explain: async () => `stuck pods: ${await this.explain()}`,
      },
    );
  }

  async desiredReplicas(): Promise<number> {
    return (await this.readDeployment()).spec?.replicas ?? 1;
  }

  async scale(replicas: number): Promise<void> {
    await scaleDeployment(this.o.clients, this.o.namespace, this.o.deployment, replicas);
  }

  async deletePod(name: string): Promise<void> {
    await this.call(`delete pod ${name}`, () => this.o.clients.core.deleteNamespacedPod({ name, namespace: this.o.namespace }));
  }

  async cordon(node: string, unschedulable: boolean): Promise<void> {
    const n = await this.call(`read node ${node}`, () => this.o.clients.core.readNode({ name: node }));
    const refused = this.o.nodeGuard?.(n);
    if (refused) throw new ZerodropError(`refusing to ${unschedulable ? 'cordon' : 'uncordon'} node ${node}: ${refused}`);
    await this.call(`${unschedulable ? 'cordon' : 'uncordon'} node ${node}`, () =>
      this.o.clients.core.patchNode({ name: node, body: cordonPatch(unschedulable) }, patchOptions(PatchStrategy.StrategicMergePatch)),
    );
    if (unschedulable) await this.untilControllersSeeCordon(node);
  }

  /**
   * The scheduler decides from its own informer cache, which can lag the PATCH; a pod deleted right
   * after cordoning could still land on the node. The node lifecycle controller answers a cordon
   * with the taint node.kubernetes.io/unschedulable; once it is there, the controllers have seen
   * the change. Waits for it up to 3 s (clusters without that controller just pass).
   */
  private async untilControllersSeeCordon(node: string): Promise<void> {
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      const n = await this.o.clients.core.readNode({ name: node }).catch(() => undefined);
      if (n?.spec?.taints?.some((t) => t.key === UNSCHEDULABLE_TAINT)) return;
      await sleep(100);
    }
  }

  async evict(pod: string): Promise<EvictionResult> {
    const namespace = this.o.namespace;
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace } };
    try {
      await this.o.clients.core.createNamespacedPodEviction({ name: pod, namespace, body });
      return { ok: true };
    } catch (err) {
      try {
        return evictionResult(err);
      } catch {
        throw apiError(`evict pod ${pod}`, err);
      }
    }
  }

  remove(): Promise<void> {
    this.removing ??= this.doRemove();
    return this.removing;
  }

  protected async doRemove(): Promise<void> {
    this.o.timeline.stop();
    const { core } = this.o.clients;
    const name = this.o.namespace;
    try {
      await core.deleteNamespace({ name });
    } catch (err) {
      if (!isNotFound(err)) throw apiError(`delete namespace ${name}`, err);
    }
    await waitFor(
      async () => {
        try {
          const ns = await core.readNamespace({ name });
          return { done: false, waiting: `namespace ${name} ${ns.status?.phase ?? 'present'}` };
        } catch (err) {
          if (isNotFound(err)) return { done: true };
          throw apiError(`read namespace ${name}`, err);
        }
      },
      { what: `deleting namespace ${name}`, timeoutMs: this.o.removeTimeoutMs ?? 120_000, intervalMs: 500 },
    );
  }
}
