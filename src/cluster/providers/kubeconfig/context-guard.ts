import type { V1Node } from '@kubernetes/client-node';
import { ZerodropError } from '../../../errors/index.ts';
import { unreachableError } from '../../kube/api-error.ts';
import { type KubeClients, timeoutOptions } from '../../kube/kube-clients.ts';

/** kind names its contexts and clusters `kind-<cluster name>`. */
export function isKindContext(context: string, cluster: string): boolean {
  return context.startsWith('kind-') || cluster.startsWith('kind-');
}

/**
 * Why the kubeconfig provider must not use this context, or undefined when it may: any kind
 * cluster is allowed; any other context only when `--allow-context` names it exactly.
 */
export function contextRefusal(context: string, cluster: string, allowContext?: string): string | undefined {
  if (isKindContext(context, cluster)) return undefined;
  if (allowContext !== undefined && allowContext === context) return undefined;
  const named = allowContext ? ` (--allow-context names "${allowContext}")` : '';
  return `context "${context}" (cluster "${cluster}") is not a kind cluster${named}`;
}

/** Throws the one-line refusal as a ZerodropError on --context. */
export function guardContext(context: string, cluster: string, allowContext?: string): void {
  const why = contextRefusal(context, cluster, allowContext);
  if (why) {
    throw new ZerodropError(`refusing to use ${why}`, {
      field: '--context',
      hint: `zerodrop only touches its own namespaces and labelled nodes; pass --allow-context ${context} to use it anyway`,
    });
  }
}

/** kind sets every node's spec.providerID to kind://<provider>/<cluster>/<node>. */
export const KIND_PROVIDER_ID = 'kind://';

/**
 * Why these nodes are not a kind cluster's, or undefined when they are: at least one node, and every
 * node's spec.providerID starts with kind:// (a context's name says nothing about the cluster).
 */
export function kindNodesRefusal(nodes: readonly V1Node[]): string | undefined {
  if (nodes.length === 0) return 'the cluster lists no nodes';
  const other = nodes.find((n) => !(n.spec?.providerID ?? '').startsWith(KIND_PROVIDER_ID));
  if (!other) return undefined;
  const id = other.spec?.providerID;
  return `node ${other.metadata?.name ?? '?'} is not a kind node (spec.providerID ${id ? `"${id}"` : 'is empty'})`;
}

/**
 * The kubeconfig provider's guard, applied once the API server answers: `--allow-context` naming the
 * context allows it; otherwise its nodes must be kind's (by providerID), whatever the context is called.
 */
export async function guardCluster(c: KubeClients, allowContext?: string): Promise<void> {
  const cluster = c.kc.getContextObject(c.context)?.cluster ?? '';
  if (allowContext !== undefined && allowContext === c.context) return;
  const nodes = await c.core.listNode({}, timeoutOptions(10_000)).catch((err: unknown) => {
    throw unreachableError(c.server, c.context, err);
  });
  const notKind = kindNodesRefusal(nodes.items);
  if (!notKind) return;
  const named = allowContext ? ` (--allow-context names "${allowContext}")` : '';
  throw new ZerodropError(
    `refusing to use context "${c.context}" (cluster "${cluster}"): ${notKind}, so it is not a kind cluster${named}`,
    {
      field: '--context',
      hint: `zerodrop only touches its own namespaces and labelled nodes; pass --allow-context ${c.context} to use it anyway`,
    },
  );
}

/** Parses `--target host:port` (IPv6 in brackets). */
