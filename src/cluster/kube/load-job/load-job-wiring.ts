import type { V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../../errors/index.ts';
import type { LoadPods, LoadPodsRequest } from '../../../load/index.ts';
import type { KubeClients } from '../kube-clients.ts';
import type { KubeProviderOptions } from '../kube-provider-options.ts';
import type { LoadJobOptions } from './load-job.ts';
import { startLoadJob } from './load-job-run.ts';

export interface LoadPodsWiring {
  clients: KubeClients;
  namespace: string;
  run: string;
  /** The applied Service (ClusterIP, port, NodePort). */
  service: V1Service;
  opts: KubeProviderOptions;
  /** The load agent image, built or given, asked for when the first load pods start. */
  image(): Promise<string>;
  pullPolicy?: LoadJobOptions['pullPolicy'];
  tolerateControlPlane: boolean;
}

/** The workload's startLoadPods for one deploy: the Service's addresses and the provider's choices bound in. */
export function loadPodsFor(w: LoadPodsWiring): (req: LoadPodsRequest) => Promise<LoadPods> {
  return async (request) => {
    const port = w.service.spec?.ports?.[0];
    const clusterIP = w.service.spec?.clusterIP;
    const name = `${w.namespace}/${w.service.metadata?.name ?? '?'}`;
    if (!w.opts.loadHostNetwork && (!clusterIP || clusterIP === 'None' || !port)) {
      throw new ZerodropError(`Service ${name} has no ClusterIP for the load pods to send to`, { field: '--load-from' });
    }
    if (w.opts.loadHostNetwork && !port?.nodePort)
      throw new ZerodropError(`Service ${name} has no NodePort for --load-host-network`, { field: '--load-host-network' });
    return startLoadJob({
      clients: w.clients,
      namespace: w.namespace,
      run: w.run,
      image: await w.image(),
      pullPolicy: w.pullPolicy,
      count: w.opts.loadPods,
      hostNetwork: !!w.opts.loadHostNetwork,
      tolerateControlPlane: w.tolerateControlPlane,
      target: { clusterIP: clusterIP ?? '', port: port?.port ?? 0, nodePort: port?.nodePort },
      request,
    });
  };
}

/** The report note saying where the load came from and why the run's own drain leaves the load pods alone. */
export function loadPodsNote(o: KubeProviderOptions): string {
  const how = o.loadHostNetwork
    ? "from each node's host network to that node's NodePort"
    : "from the pod network to the Service's ClusterIP";
  const count = o.loadPods ? `${o.loadPods} load pods` : 'one load pod per node';
  return (
    `load came from inside the cluster: ${count} (Job zerodrop-load in each run namespace) ${how}, each with its share of the rate; ` +
    "zerodrop's drain evicts only the scenario's own pods (its Deployment's selector), so load pods on a drained node keep sending"
  );
}
