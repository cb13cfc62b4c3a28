import { ZerodropError } from '../errors/index.ts';
import { PROVIDER_NAMES } from './names.ts';
import type { ClusterProvider } from './provider.ts';
import { KindProvider, type KindProviderOptions } from './providers/kind/index.ts';
import { KubeconfigProvider, type KubeconfigProviderOptions } from './providers/kubeconfig/index.ts';
import { LocalProvider, type LocalProviderOptions } from './providers/local/index.ts';

/**
 * Every provider's settings in one object: the CLI fills it once, the run adds the run id, log and
 * scratch directory, and each provider reads the members it knows (see its own options type).
 */
export type ProviderOptions = LocalProviderOptions & KindProviderOptions & KubeconfigProviderOptions;

/** Registry of cluster providers by name; the options object reaches the provider whole. */
export function createProvider(name: string, opts: ProviderOptions = {}): ClusterProvider {
  switch (name) {
    case 'local':
      return new LocalProvider(opts);
    case 'kind':
      return new KindProvider(opts);
    case 'kubeconfig':
      return new KubeconfigProvider(opts);
    default:
      throw new ZerodropError(`unknown provider "${name}"`, { field: '--provider', hint: `one of: ${PROVIDER_NAMES.join(', ')}` });
  }
}
