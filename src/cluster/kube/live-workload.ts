import { PatchStrategy } from '@kubernetes/client-node';
import { hostOwnerMarker } from '../../util/index.ts';
import { apiError, isNotFound } from './api-error.ts';
import { type KubeClients, patchOptions } from './kube-clients.ts';
import { KubeWorkload, type KubeWorkloadOptions } from './kube-workload.ts';

/**
 * Annotation on a live Deployment while a run has scaled it: `{"replicas":N,"owner":"host/pid:start"}`.
 * The run removes it when it scales back; `zerodrop cleanup` restores the replicas of a dead owner.
 */
export const SCALED_FROM_ANNOTATION = 'zerodrop.dev/scaled-from';

export interface ScaledFrom {
  replicas: number;
  owner: string;
}

export function readScaledFrom(annotations: Record<string, string> | undefined): ScaledFrom | undefined {
  const text = annotations?.[SCALED_FROM_ANNOTATION];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as ScaledFrom;
    return Number.isInteger(v.replicas) && v.replicas >= 0 && typeof v.owner === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Sets (or with null removes) SCALED_FROM_ANNOTATION on a Deployment. */
export async function markScaledFrom(c: KubeClients, namespace: string, name: string, value: ScaledFrom | null): Promise<void> {
  const body = { metadata: { annotations: { [SCALED_FROM_ANNOTATION]: value && JSON.stringify(value) } } };
  await c.apps.patchNamespacedDeployment({ name, namespace, body }, patchOptions(PatchStrategy.MergePatch)).catch((err: unknown) => {
    throw apiError(`annotate deployment ${namespace}/${name}`, err);
  });
}

export interface LiveWorkloadOptions extends KubeWorkloadOptions {
  /** The load pods' own namespace (--load-from cluster), deleted by remove(). */
  loadNamespace?: string;
}

/**
 * A Deployment that was running before the run and keeps running after it: zerodrop deployed
 * nothing of it. Before its first scale it records the replicas on the Deployment (so a crash is
 * repaired by `zerodrop cleanup`); remove() scales back to them, uncordons the nodes the run left
 * cordoned, deletes the load pods' namespace, and deletes nothing of the app.
 */
export class LiveWorkload extends KubeWorkload {
  private scaledFrom: number | undefined;
  private readonly cordoned = new Set<string>();
  private readonly loadNamespace: string | undefined;

  constructor(o: LiveWorkloadOptions) {
    super(o);
    this.loadNamespace = o.loadNamespace;
  }

  override async scale(replicas: number): Promise<void> {
    if (this.scaledFrom === undefined) {
      this.scaledFrom = await this.desiredReplicas();
      await markScaledFrom(this.o.clients, this.o.namespace, this.o.deployment, { replicas: this.scaledFrom, owner: hostOwnerMarker() });
    }
    await super.scale(replicas);
  }

  override async cordon(node: string, unschedulable: boolean): Promise<void> {
    await super.cordon(node, unschedulable);
    if (unschedulable) this.cordoned.add(node);
    else this.cordoned.delete(node);
  }

  protected override async doRemove(): Promise<void> {
    this.o.timeline.stop();
    const problems: unknown[] = [];
    const attempt = async (fn: () => Promise<void>) => fn().catch((err: unknown) => void problems.push(err));
    if (this.scaledFrom !== undefined) {
      const replicas = this.scaledFrom;
      await attempt(async () => {
        await super.scale(replicas);
        await markScaledFrom(this.o.clients, this.o.namespace, this.o.deployment, null);
        this.scaledFrom = undefined;
      });
    }
    for (const node of [...this.cordoned]) await attempt(() => this.cordon(node, false));
    if (this.loadNamespace) {
      const name = this.loadNamespace;
      await attempt(async () => {
        await this.o.clients.core.deleteNamespace({ name }).catch((err: unknown) => {
          if (!isNotFound(err)) throw apiError(`delete namespace ${name}`, err);
        });
      });
    }
    if (problems.length) throw problems[0];
  }
}
