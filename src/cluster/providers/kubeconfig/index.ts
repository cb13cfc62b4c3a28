/** The public face of cluster/providers/kubeconfig/: everything other modules use from it. */
export { KubeconfigProvider, type KubeconfigProviderOptions } from './kubeconfig-provider.ts';
