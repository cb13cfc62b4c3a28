import { ZerodropError } from '../../errors/index.ts';
import type { DisruptionKind } from '../../k8s/index.ts';
import { apiError } from './api-error.ts';
import type { KubeClients } from './kube-clients.ts';

/** One permission a run needs: a verb on a resource (a subresource after '/'), in a namespace or cluster-wide. */
export interface Access {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** What a run against a live Deployment in `namespace` does with the API, for this disruption and load route. */
export function accessForLive(namespace: string, disruption: DisruptionKind | undefined, loadFromCluster: boolean): Access[] {
  const ns = (verb: string, group: string, resource: string): Access => ({ verb, group, resource, namespace });
  const needs: Access[] = [
    ns('get', 'apps', 'deployments'),
    ns('list', '', 'services'),
    ns('list', 'policy', 'poddisruptionbudgets'),
    ns('list', '', 'pods'),
    ns('watch', '', 'pods'),
    ns('watch', 'discovery.k8s.io', 'endpointslices'),
  ];
  if (disruption === 'rollout') needs.push(ns('patch', 'apps', 'deployments'));
  if (disruption === 'delete') needs.push(ns('delete', '', 'pods'));
  if (disruption === 'scale-down') needs.push(ns('patch', 'apps', 'deployments/scale'), ns('patch', 'apps', 'deployments'));
  if (disruption === 'drain') needs.push({ verb: 'patch', group: '', resource: 'nodes' }, ns('create', '', 'pods/eviction'));
  if (loadFromCluster)
    needs.push({ verb: 'create', group: '', resource: 'namespaces' }, { verb: 'delete', group: '', resource: 'namespaces' });
  return needs;
}

/** `create pods/eviction in shop`, `patch nodes`, `patch deployments.apps/scale in shop`. */
export function describeAccess(a: Access): string {
  const [resource, sub] = a.resource.split('/');
  const name = `${resource}${a.group ? `.${a.group}` : ''}${sub ? `/${sub}` : ''}`;
  return `${a.verb} ${name}${a.namespace ? ` in ${a.namespace}` : ''}`;
}

/**
 * SelfSubjectAccessReviews for every permission in `needs`, before anything changes; one line
 * naming every one the context lacks.
 */
export async function checkAccess(c: KubeClients, needs: Access[]): Promise<void> {
  const allowed = await Promise.all(needs.map((a) => reviewOne(c, a)));
  const denied = needs.filter((_, i) => !allowed[i]);
  if (denied.length) {
    throw new ZerodropError(`context ${c.context} may not ${denied.map(describeAccess).join(', ')}: nothing was changed`, {
      field: '--context',
      hint: "grant these verbs to the context's user (a Role in the namespace, a ClusterRole for nodes and namespaces)",
    });
  }
}

/** One SelfSubjectAccessReview: whether the context may do `a`. */
async function reviewOne(c: KubeClients, a: Access): Promise<boolean> {
  const [resource, subresource] = a.resource.split('/');
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb: a.verb, group: a.group, resource, subresource, namespace: a.namespace } },
  };
  const review = await c.authz.createSelfSubjectAccessReview({ body }).catch((err: unknown) => {
    throw apiError(`review access (${describeAccess(a)})`, err);
  });
  return !!review.status?.allowed;
}
