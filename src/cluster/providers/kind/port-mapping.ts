import { parse } from 'yaml';
import { ZerodropError } from '../../../errors/index.ts';

export interface HostMapping {
  /** NodePort inside the cluster (the mapping's containerPort). */
  nodePort: number;
  host: string;
  hostPort: number;
}

/**
 * The first TCP extraPortMapping of kind-config.yaml in the NodePort range: the NodePort the kind
 * provider pins every Service to, and the fallback way in from the host (through Docker's userland
 * proxy) when the control-plane node's own address is not reachable.
 */
export function nodePortMapping(configText: string, file = 'kind-config.yaml'): HostMapping {
  const doc = parse(configText) as {
    nodes?: { extraPortMappings?: { containerPort?: number; hostPort?: number; listenAddress?: string; protocol?: string }[] }[];
  };
  for (const node of doc?.nodes ?? []) {
    for (const m of node.extraPortMappings ?? []) {
      if ((m.protocol ?? 'TCP').toUpperCase() !== 'TCP' || !m.containerPort) continue;
      if (m.containerPort < 30000 || m.containerPort > 32767) continue;
      const listen = m.listenAddress ?? '0.0.0.0';
      const host = listen === '0.0.0.0' || listen === '' ? '127.0.0.1' : listen === '::' ? '::1' : listen;
      return { nodePort: m.containerPort, host, hostPort: m.hostPort ?? m.containerPort };
    }
  }
  throw new ZerodropError('no extraPortMappings entry maps a NodePort (30000-32767) to the host', {
    file,
    field: 'nodes[].extraPortMappings',
    hint: 'zerodrop sends load through that port; never through port-forward',
  });
}
