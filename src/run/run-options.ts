import type { ClusterProvider, ProviderName, ProviderOptions } from '../cluster/index.ts';
import type { DisruptionKind, LiveTargetRequest } from '../k8s/index.ts';
import type { LoadFrom, LoadSettings } from '../load/index.ts';
import type { Comparison, ReportModel } from '../metrics/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import type { ProgressListener } from './progress.ts';

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
  /** `--target deployment/NAME -n NS`: measure this live Deployment (instead of scenarios), deploying nothing of it. */
  target?: LiveTargetRequest;
  /** --scale-by: replicas a scale-down removes before scaling back (default 1). */
  scaleBy?: number;
  repeat: number;
  /** Report directory; default reports/<run-id>. */
  outDir?: string;
  /** --load-from: this machine (default) or load pods inside the cluster (kind, kubeconfig). */
  loadFrom?: LoadFrom;
  /** Flags that override every scenario's load settings. */
  load?: Partial<LoadSettings>;
  /** Scenarios run side by side (each in its own namespace); default: all at once on local, 1 elsewhere. */
  parallel?: number;
  /**
   * The provider's own settings, passed to it whole (embedded runtime: nodes, propagation delay,
   * Service mode; real clusters: kubeconfig, context, guards, dry run, target). The run adds its id,
   * log and scratch directory, and colocation for drains unless set here.
   */
  providerOptions?: ProviderOptions;
  /** `--thresholds FILE`: bounds added to every scenario's own thresholds (e.g. for --manifest runs). */
  thresholdsFile?: string;
  /** Bring-your-own manifests: image for the Deployment's container. */
  image?: string;
  /** Upper bound for each wait (rollout, settle, eviction). */
  timeoutMs?: number;
  /**
   * How long the workload may take to become ready before the baseline (`--settle-timeout`): a pod
   * not ready yet is progress, as for Kubernetes. Default: the Deployment's progressDeadlineSeconds (600 s).
   */
  settleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Provider factory (tests: an in-memory provider); default createProvider. */
  createProvider?: (name: string, opts: ProviderOptions) => ClusterProvider;
  /** The run's cleanup stack (so the caller can say what is still being cleaned); default a new one. */
  cleanup?: CleanupStack;
  onProgress?: ProgressListener;
  /** `--baseline PATH`: compares the report (about to be written to `file`) with the base; the result goes into the report. */
  compare?: (report: ReportModel, file: string) => Comparison;
}
