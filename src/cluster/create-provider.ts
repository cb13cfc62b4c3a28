import { ZerodropError } from '../errors/zerodrop-error.ts';
import type { ClusterProvider } from './provider.ts';
import { LocalProvider } from './providers/local/local-provider.ts';

export interface ProviderOptions {
  /** Embedded runtime only. */
  nodes?: number;
  propagationDelayMs?: number;
  serviceMode?: 'auto' | 'iptables' | 'userspace';
  workdir?: string;
}

/** Registry of cluster providers by name. */
export function createProvider(name: string, opts: ProviderOptions = {}): ClusterProvider {
  switch (name) {
    case 'local':
      return new LocalProvider(opts);
    case 'kind':
    case 'kubeconfig':
      throw new ZerodropError(`provider "${name}" is not available in this version`, {
        field: '--provider',
        hint: 'use --provider local (the embedded runtime)',
      });
    default:
      throw new ZerodropError(`unknown provider "${name}"`, { field: '--provider', hint: 'one of: local, kind, kubeconfig' });
  }
}
