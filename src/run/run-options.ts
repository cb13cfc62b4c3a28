import type { DisruptionKind, LoadSettings } from '../scenario/types.ts';
import type { KubeFlags, ProviderOptions } from '../cluster/create-provider.ts';
import type { ClusterProvider } from '../cluster/provider.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import type { ProgressListener } from './progress.ts';

import type { ProviderName, ServiceModeChoice } from '../cluster/names.ts';

export type { ProviderName };

export interface RunOptions {
  /** Scenario names under scenarios/; empty = every scenario that supports the disruption. */
  scenarios: string[];
  /** Scenario catalogue directory; default: the scenarios/ directory shipped with zerodrop. */
  scenarioRoot?: string;
  /** Bring-your-own Deployment manifests, run as scenarios (issue 4). */
  manifests?: string[];
  provider: ProviderName;
  disruption: DisruptionKind;
  repeat: number;
  /** Report directory; default reports/<run-id>. */
  outDir?: string;
  /** Flags that override every scenario's load settings. */
  load?: Partial<LoadSettings>;
  /** Scenarios run side by side (each in its own namespace); default: all at once on local, 1 elsewhere. */
  parallel?: number;
  /** Embedded runtime: emulated nodes and endpoint propagation delay. */
  nodes?: number;
  propagationDelayMs?: number;
  /** Embedded runtime Service data path: kube-proxy-like iptables DNAT (root) or a userspace L4 proxy. */
  serviceMode?: ServiceModeChoice;
  /** Real clusters: kubeconfig, context, guards, dry run. */
  kube?: KubeFlags;
  /** Bring-your-own manifests: image for the Deployment's container. */
  image?: string;
  /** Upper bound for each wait (rollout, settle, eviction). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Provider factory (tests: an in-memory provider); default createProvider. */
  createProvider?: (name: string, opts: ProviderOptions) => ClusterProvider;
  /** The run's cleanup stack (so the caller can say what is still being cleaned); default a new one. */
  cleanup?: CleanupStack;
  onProgress?: ProgressListener;
}
