import type { V1Deployment, V1LabelSelector, V1PodDisruptionBudget, V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import { systemNamespace, type WorkloadRef } from '../../k8s/index.ts';
import { apiError, isNotFound } from './api-error.ts';
import type { KubeClients } from './kube-clients.ts';

/** What zerodrop reads of a live Deployment before it measures it: it deploys nothing of the app. */
export interface LiveTarget {
  ref: WorkloadRef;
  deployment: V1Deployment;
  /** The pod template's labels, as a label selector string (a=b,c=d) over the Deployment's selector. */
  podSelector: string;
  /** The Services whose selector picks the Deployment's pods (or the one --service names). */
  services: V1Service[];
  /** PodDisruptionBudgets whose selector picks the pods. */
  budgets: V1PodDisruptionBudget[];
}

/** `a=b,c=d` from matchLabels. */
export function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** True when a Service's selector (a plain map) picks pods with these labels; a Service without a selector picks none. */
export function serviceSelects(svc: V1Service, labels: Record<string, string>): boolean {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** A metav1.LabelSelector (matchLabels and matchExpressions) against a label set; an empty selector matches everything. */
export function selectorMatches(sel: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return false;
  const byLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    byLabels &&
    (sel.matchExpressions ?? []).every((e) => {
      const has = Object.hasOwn(labels, e.key);
      if (e.operator === 'In') return has && (e.values ?? []).includes(labels[e.key]);
      if (e.operator === 'NotIn') return !has || !(e.values ?? []).includes(labels[e.key]);
      if (e.operator === 'Exists') return has;
      if (e.operator === 'DoesNotExist') return !has;
      return false;
    })
  );
}

/**
 * Reads `deployment/NAME` in its namespace with the Services that select its pods (or `service`)
 * and its PodDisruptionBudgets. Refuses, in one line: a system namespace, a missing Deployment, a
 * named Service that does not exist or does not select the pods, and no Service at all.
 */
export async function readLiveTarget(c: KubeClients, ref: WorkloadRef, service?: string): Promise<LiveTarget> {
  const { name, namespace } = ref;
  if (systemNamespace(namespace)) {
    throw new ZerodropError(`namespace ${namespace} belongs to the cluster's own components; zerodrop does not disrupt it`, {
      field: '--namespace',
    });
  }
  const deployment = await c.apps.readNamespacedDeployment({ name, namespace }).catch((err: unknown) => {
    if (isNotFound(err)) throw new ZerodropError(`deployment ${name} is not in namespace ${namespace}`, { field: '--target' });
    throw apiError(`read deployment ${namespace}/${name}`, err);
  });
  const labels = deployment.spec?.template.metadata?.labels ?? {};
  const all = await c.core.listNamespacedService({ namespace }).catch((err: unknown) => {
    throw apiError(`list services in ${namespace}`, err);
  });
  let services = all.items.filter((s) => serviceSelects(s, labels));
  if (service !== undefined) {
    const named = all.items.find((s) => s.metadata?.name === service);
    if (!named) throw new ZerodropError(`service ${service} is not in namespace ${namespace}`, { field: '--service' });
    if (!serviceSelects(named, labels))
      throw new ZerodropError(`service ${service} does not select the pods of deployment ${name}`, { field: '--service' });
    services = [named];
  }
  if (services.length === 0) {
    throw new ZerodropError(`deployment ${namespace}/${name} has no Service selecting its pods, so zerodrop has no route to measure`, {
      field: '--target',
      hint: 'pass --service NAME for the Service in front of it',
    });
  }
  const pdbs = await c.policy.listNamespacedPodDisruptionBudget({ namespace }).catch((err: unknown) => {
    throw apiError(`list poddisruptionbudgets in ${namespace}`, err);
  });
  const podSelector = labelSelector(deployment.spec?.selector.matchLabels ?? {});
  return { ref, deployment, podSelector, services, budgets: pdbs.items.filter((p) => selectorMatches(p.spec?.selector, labels)) };
}
