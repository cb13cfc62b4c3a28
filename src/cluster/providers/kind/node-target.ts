/**
 * Where the host sends load on kind: NodePort on the control-plane node's InternalIP on the kind
 * Docker network, so no userland proxy stands in between (docker-proxy accepts every connection
 * and then resets it: refused connections would show as resets, and an unanswered SYN would
 * never be a connect timeout). The port mapping of kind-config.yaml is the fallback.
 */
import { isIPv4 } from 'node:net';
import type { V1Node } from '@kubernetes/client-node';
import { hostPort, parseTarget, probeReach, type ReachProbe } from '../../../util/index.ts';
import type { HostMapping } from './port-mapping.ts';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export type TargetVia = 'node-address' | 'port-mapping' | 'target-flag';

export interface KindTarget {
  host: string;
  port: number;
  via: TargetVia;
  /** One line for the report: where load goes and what that means for refused connections. */
  note: string;
}

/**
 * The control-plane node and its InternalIP (IPv4 first). kind's control-plane carries the
 * NoSchedule taint, so no drain ever picks it and no scenario pod runs on it: it stays up and
 * forwards to the pods on the workers, as the port mapping (published from it) did.
 */
export function controlPlaneAddress(nodes: V1Node[]): { node: string; address: string } | undefined {
  const cps = nodes
    .filter((n) => n.metadata?.labels?.[CONTROL_PLANE_LABEL] !== undefined)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const n of cps) {
    const ips = (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
    const address = ips.find((ip) => isIPv4(ip)) ?? ips[0];
    if (address) return { node: n.metadata?.name ?? '', address };
  }
  return undefined;
}

export interface ChooseOptions {
  nodes: V1Node[];
  mapping: HostMapping;
  /** host:port given by the user: used as is, no probe. */
  target?: string;
  probe?: ReachProbe;
}

/** The control-plane node's address when the host reaches it, else the port mapping, with a note saying which. */
export async function chooseKindTarget(o: ChooseOptions): Promise<KindTarget> {
  if (o.target) {
    const t = parseTarget(o.target);
    return { ...t, via: 'target-flag', note: `load goes to --target ${hostPort(t.host, t.port)} as given` };
  }
  const m = o.mapping;
  const fallback = (why: string): KindTarget => ({
    host: m.host,
    port: m.hostPort,
    via: 'port-mapping',
    note: `${why}; load goes through the port mapping ${hostPort(m.host, m.hostPort)} (Docker's userland proxy), so refused connections show as resets and an unanswered SYN never shows as a connect timeout`,
  });
  const cp = controlPlaneAddress(o.nodes);
  if (!cp) return fallback('no control-plane node with an InternalIP');
  const reach = await (o.probe ?? probeReach)(cp.address, m.nodePort);
  if (!reach.ok)
    return fallback(`node ${cp.node} at ${hostPort(cp.address, m.nodePort)} is not reachable from this host (${reach.outcome})`);
  return {
    host: cp.address,
    port: m.nodePort,
    via: 'node-address',
    note: `load reaches each scenario's own NodePort (allocated by the API server, never one an earlier scenario of the run had) at node ${cp.node}'s InternalIP ${cp.address} on the kind network, without a userland proxy: refused connections and connect timeouts show as they are`,
  };
}
