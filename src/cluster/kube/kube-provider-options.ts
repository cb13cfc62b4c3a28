import type { DisruptionKind } from '../../k8s/index.ts';
import type { LoadFrom } from '../../load/index.ts';

/** Options shared by the real-cluster providers (kind, kubeconfig). */
export interface KubeProviderOptions {
  /** Run id in namespace names (zerodrop-<run>-<scenario>); default: a time-based id. */
  run?: string;
  /** Image for every container of the Deployment (bring-your-own --image); skips image builds. */
  image?: string;
  /** How long remove() waits for a run namespace to be gone. */
  removeTimeoutMs?: number;
  /** Prefer one node for all pods (set it for drain runs, so the PodDisruptionBudget is exercised). */
  colocate?: boolean;
  /** --load-from cluster: load pods inside the cluster send the load (load-job-run.ts). */
  loadFrom?: LoadFrom;
  /** --load-pods: how many (default one per node they may run on). */
  loadPods?: number;
  /** --load-image: zerodrop's own image, run as the load agent (kind builds it when absent). */
  loadImage?: string;
  /** --load-host-network: load pods send from their node's network to its own NodePort. */
  loadHostNetwork?: boolean;
  /** The run's disruption: a live target's access is reviewed for exactly what it needs. */
  disruption?: DisruptionKind;
}
