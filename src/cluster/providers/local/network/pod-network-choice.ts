import { ZerodropError } from '../../../../errors/index.ts';
import type { ServiceMode } from '../service/service-data-path.ts';
import { LoopbackAllocator } from './pod-address.ts';
import { PodNetwork } from './pod-network.ts';

export type PodNetworkMode = 'namespace' | 'host';

export interface PodNetworkChoice {
  mode: PodNetworkMode;
  addresses: LoopbackAllocator;
  /** For the report: how pods were networked and, for 'host', why and what it means for apps. */
  note: string;
}

/**
 * Sets up the pod network: a namespace per pod when root and the namespaces can be made (or when
 * `want` is 'namespace', which fails with one line otherwise), else loopback addresses on the host.
 */
export async function choosePodNetwork(
  want: 'auto' | PodNetworkMode,
  serviceMode: ServiceMode,
  holdMs?: number,
): Promise<PodNetworkChoice> {
  if (!['auto', 'namespace', 'host'].includes(want)) {
    throw new ZerodropError(`unknown pod network "${want}"`, { field: 'podNetwork', hint: 'one of: auto, namespace, host' });
  }
  let why = 'asked for';
  if (want !== 'host') {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) why = 'not running as root';
    else {
      try {
        const net = await PodNetwork.create({ masquerade: serviceMode === 'iptables', holdMs });
        return {
          mode: 'namespace',
          addresses: net,
          note:
            `Pod network: a network namespace per pod on bridge zdbr${net.prefix} (${net.cidr}, the first /16 of 10.200-254.0.0 ` +
            'that no route or address of this host overlapped), so apps may bind 0.0.0.0 as in a pod. ' +
            (net.dnsFailure === undefined
              ? `Cluster DNS for pods on ${net.gateway}:53 (UDP): pod names (a-b-c-d.<ns>.pod.cluster.local) and their reverse, ` +
                "NXDOMAIN for other cluster names (Services have no cluster address here), the rest forwarded to this host's resolvers; " +
                'each pod gets resolv.conf (search <ns>.svc.cluster.local svc.cluster.local cluster.local, ndots:5) and an /etc/hosts naming it.'
              : `Pods have no cluster DNS: ${net.dnsFailure}.`),
        };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        why = e.code === 'ENOENT' ? 'iproute2 (ip) is not installed' : e.message.split('\n')[0]!;
      }
    }
    if (want === 'namespace') {
      throw new ZerodropError(`network namespaces per pod are not available here: ${why}`, {
        field: 'podNetwork',
        hint: 'run as root with iproute2 installed, or use the host pod network',
      });
    }
  }
  return {
    mode: 'host',
    addresses: new LoopbackAllocator(),
    note:
      `Pod network: pods share the host network (${why}), each on its own loopback address 127.x.y.z; ` +
      'an app must bind status.podIP, since a second replica binding 0.0.0.0 cannot bind.',
  };
}
