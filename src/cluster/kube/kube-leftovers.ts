import { PatchStrategy } from '@kubernetes/client-node';
import { hostOwnerDead } from '../../util/index.ts';
import { apiError, isNotFound } from './api-error.ts';
import { type KubeClients, patchOptions, timeoutOptions } from './kube-clients.ts';
import { cordonPatch, scaleDeployment } from './kube-workload.ts';
import { markScaledFrom, readScaledFrom } from './live-workload.ts';
import { CORDONED_BY_ANNOTATION, OWNER_ANNOTATION, RUN_LABEL } from './manifest-transform.ts';

export interface KubeLeftovers {
  /** What was removed: "namespace X", "uncordoned node Y". */
  removed: string[];
  /** zerodrop's objects left alone, and why (their run is alive, on another host, or unknown). */
  kept: string[];
}

/**
 * Removes what dead zerodrop runs left on a cluster: namespaces labelled as zerodrop's (RUN_LABEL)
 * whose owner annotation names a process on this host that is no longer running, and the cordons
 * such processes set (nodes annotated CORDONED_BY_ANNOTATION), and the replicas of live Deployments
 * they scaled (annotated SCALED_FROM_ANNOTATION: scaled back, the annotation removed). Touches nothing else.
 */
export async function sweepKubeLeftovers(c: KubeClients): Promise<KubeLeftovers> {
  const out: KubeLeftovers = { removed: [], kept: [] };
  const opts = timeoutOptions(15_000);
  const nss = await c.core.listNamespace({ labelSelector: RUN_LABEL }, opts).catch((err: unknown) => {
    throw apiError('list namespaces', err);
  });
  for (const ns of nss.items) {
    const name = ns.metadata?.name ?? '';
    const owner = ns.metadata?.annotations?.[OWNER_ANNOTATION];
    if (ns.metadata?.deletionTimestamp) continue;
    if (!owner || !hostOwnerDead(owner)) {
      out.kept.push(`namespace ${name} (${owner ? `owned by ${owner}, alive or on another host` : 'no owner annotation'})`);
      continue;
    }
    try {
      await c.core.deleteNamespace({ name }, opts);
      out.removed.push(`namespace ${name}`);
    } catch (err) {
      if (!isNotFound(err)) throw apiError(`delete namespace ${name}`, err);
    }
  }
  const nodes = await c.core.listNode({}, opts).catch((err: unknown) => {
    throw apiError('list nodes', err);
  });
  for (const n of nodes.items) {
    const owner = n.metadata?.annotations?.[CORDONED_BY_ANNOTATION];
    if (!owner) continue;
    const name = n.metadata?.name ?? '';
    if (!hostOwnerDead(owner)) {
      out.kept.push(`cordon of node ${name} (owned by ${owner}, alive or on another host)`);
      continue;
    }
    await c.core.patchNode({ name, body: cordonPatch(false) }, patchOptions(PatchStrategy.StrategicMergePatch)).catch((err: unknown) => {
      throw apiError(`uncordon node ${name}`, err);
    });
    out.removed.push(`uncordoned node ${name}`);
  }
  const deps = await c.apps.listDeploymentForAllNamespaces({}, opts).catch((err: unknown) => {
    throw apiError('list deployments', err);
  });
  for (const d of deps.items) {
    const scaled = readScaledFrom(d.metadata?.annotations);
    if (!scaled) continue;
    const where = `deployment ${d.metadata?.namespace}/${d.metadata?.name}`;
    if (!hostOwnerDead(scaled.owner)) {
      out.kept.push(`replicas of ${where} (scaled by ${scaled.owner}, alive or on another host)`);
      continue;
    }
    const [namespace, name] = [d.metadata?.namespace ?? '', d.metadata?.name ?? ''];
    await scaleDeployment(c, namespace, name, scaled.replicas);
    await markScaledFrom(c, namespace, name, null);
    out.removed.push(`scaled ${where} back to ${scaled.replicas} replicas`);
  }
  return out;
}
