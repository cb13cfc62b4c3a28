/** The public face of cluster/: everything other modules use from it. */
export { createProvider, type ProviderOptions } from './create-provider.ts';
export { loadKubeConfig, makeClients, probeApiServer } from './kube/kube-clients.ts';
export { sweepKubeLeftovers } from './kube/kube-leftovers.ts';
export { PROVIDER_NAMES, type ProviderName, SERVICE_MODES, type ServiceModeChoice } from './names.ts';
export type { ClusterProvider, PodInfo, Workload } from './provider.ts';
export { sweepLocalLeftovers } from './providers/local/index.ts';
