/** The public face of cluster/providers/kind/: everything other modules use from it. */
export { KindProvider, type KindProviderOptions } from './kind-provider.ts';
