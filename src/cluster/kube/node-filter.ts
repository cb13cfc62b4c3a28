import type { V1Node } from '@kubernetes/client-node';

/** Label a node must carry before the kubeconfig provider cordons or drains it. */
export const DRAINABLE_LABEL = 'zerodrop.dev/drainable';

/** Ready, not cordoned, and without a NoSchedule/NoExecute taint: a node new pods can land on. */
export function schedulableNode(n: V1Node): boolean {
  const ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const tainted = (n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return ready && !n.spec?.unschedulable && !tainted;
}

/** Guard for nodes outside a kind cluster: only nodes labelled `zerodrop.dev/drainable=true`. */
export function drainableGuard(n: V1Node): string | undefined {
  return n.metadata?.labels?.[DRAINABLE_LABEL] === 'true' ? undefined : `it is not labelled ${DRAINABLE_LABEL}=true`;
}

/** An address of the node the host can reach: InternalIP, else ExternalIP, else Hostname. */
export function nodeAddress(n: V1Node): string | undefined {
  const addrs = n.status?.addresses ?? [];
  for (const type of ['InternalIP', 'ExternalIP', 'Hostname']) {
    const a = addrs.find((x) => x.type === type);
    if (a) return a.address;
  }
  return undefined;
}
