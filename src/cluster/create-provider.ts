import { ZerodropError } from '../errors/zerodrop-error.ts';
import { PROVIDER_NAMES, type ServiceModeChoice } from './names.ts';
import type { ClusterProvider } from './provider.ts';
import { KindProvider } from './providers/kind/kind-provider.ts';
import { KubeconfigProvider } from './providers/kubeconfig/kubeconfig-provider.ts';
import { LocalProvider } from './providers/local/local-provider.ts';

export interface ProviderOptions {
  /** Run id, used in real-cluster namespace names (zerodrop-<run>-<scenario>). */
  run?: string;
  /** Embedded runtime only. */
  nodes?: number;
  propagationDelayMs?: number;
  serviceMode?: ServiceModeChoice;
  workdir?: string;
  /** Real clusters. */
  kube?: KubeFlags;
  /** Progress lines from long set-up work (image builds, cluster creation). */
  log?: (line: string) => void;
}

export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  allowContext?: string;
  dryRun?: boolean;
  target?: string;
  /** Keep a scenario's pods on one node so a drain meets its PodDisruptionBudget (429s). */
  colocate?: boolean;
}


/** Registry of cluster providers by name. */
export function createProvider(name: string, opts: ProviderOptions = {}): ClusterProvider {
  const kube = opts.kube ?? {};
  switch (name) {
    case 'local':
      return new LocalProvider({
        nodes: opts.nodes, propagationDelayMs: opts.propagationDelayMs, serviceMode: opts.serviceMode, workdir: opts.workdir,
        colocate: kube.colocate, // set for drains, as for the kind provider: the PodDisruptionBudget then answers 429
      });
    case 'kind':
      return new KindProvider({ run: opts.run, colocate: kube.colocate, log: opts.log, target: kube.target });
    case 'kubeconfig':
      return new KubeconfigProvider({
        run: opts.run, colocate: kube.colocate, kubeconfig: kube.kubeconfig, context: kube.context,
        allowContext: kube.allowContext, dryRun: kube.dryRun, target: kube.target,
      });
    default:
      throw new ZerodropError(`unknown provider "${name}"`, { field: '--provider', hint: `one of: ${PROVIDER_NAMES.join(', ')}` });
  }
}
