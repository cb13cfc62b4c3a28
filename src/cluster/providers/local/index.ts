/** The public face of cluster/providers/local/: everything other modules use from it. */
export { sweepLocalLeftovers } from './leftovers.ts';
export { LocalProvider, type LocalProviderOptions } from './local-provider.ts';
