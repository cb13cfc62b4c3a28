import type { AppSpec, DisruptionKind, LiveTargetRequest } from '../k8s/index.ts';
import type { LoadPlan, LoadPods, LoadPodsRequest } from '../load/index.ts';
import type { TimelineSink } from '../timeline/index.ts';
import type { ProviderName } from './names.ts';

export interface PodInfo {
  name: string;
  node: string;
  ready: boolean;
  terminating: boolean;
  /** Template hash / revision the pod belongs to. */
  revision: string;
}

/**
 * Result of one eviction attempt (policy/v1 Eviction semantics): `gone` when the pod no longer exists
 * (404, as kubectl drain treats it: done); a 429 is a PodDisruptionBudget's refusal (a budget wait)
 * unless `throttled`, the API server's rate limiting (retry after `retryAfterMs`, from Retry-After).
 */
export type EvictionResult = { ok: true; gone?: true } | { ok: false; status: 429; reason: string; throttled?: { retryAfterMs: number } };

/**
 * Every wait rejects with the signal's reason as soon as `signal` aborts.
 * One scenario's Deployment + Service, deployed and ready. All disruptions act through this.
 * Lifecycle: created by ClusterProvider.deploy(), ended by remove().
 */
export interface Workload {
  /** Where load goes: the Service's NodePort (or the embedded Service's listener) on the host. */
  readonly target: { host: string; port: number };
  pods(): Promise<PodInfo[]>;
  nodes(): Promise<string[]>;
  /** Change the pod template (restartedAt annotation) as `kubectl rollout restart` does. */
  restart(): Promise<void>;
  /** Resolves when observedGeneration, updatedReplicas and availableReplicas say the rollout is complete. */
  waitRolloutComplete(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Resolves when `replicas` pods are available and no pod is terminating. */
  waitSettled(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  deletePod(name: string): Promise<void>;
  /** The Deployment's spec.replicas now. */
  desiredReplicas(): Promise<number>;
  /** Sets spec.replicas through the scale subresource, as an HorizontalPodAutoscaler does (no PodDisruptionBudget applies). */
  scale(replicas: number): Promise<void>;
  cordon(node: string, unschedulable: boolean): Promise<void>;
  evict(pod: string): Promise<EvictionResult>;
  /** Delete everything this workload created. Safe to call twice. */
  remove(): Promise<void>;
  /** Optional (--load-from cluster): starts load pods inside the cluster, next to the workload; they go with remove(). */
  startLoadPods?(req: LoadPodsRequest): Promise<LoadPods>;
}

/**
 * A place to run scenarios: the embedded runtime, kind, or any kubeconfig context.
 * Lifecycle: up() once, deploy() per scenario run, down() once (also on failure or interrupt).
 */
export interface ClusterProvider {
  readonly name: ProviderName;
  /** True when the cluster is emulated; every report then says "emulated". */
  readonly emulated: boolean;
  up(signal?: AbortSignal): Promise<void>;
  /** Caveats the report must show (e.g. "PID-1 semantics were not reproduced"). */
  notes(): string[];
  /** Deploys the app, or for a live target (`scenario.live`) attaches to it: remove() then restores what the run changed and deletes nothing of the app. */
  deploy(scenario: AppSpec, timeline: TimelineSink, signal?: AbortSignal): Promise<Workload>;
  /** Optional, after up() (--target deployment/NAME): the live Deployment, its Service and budget as an AppSpec; reads, changes nothing. */
  readTarget?(req: LiveTargetRequest): Promise<AppSpec>;
  down(): Promise<void>;
  /** Optional: rejects, before anything starts, a scenario this provider cannot run faithfully (one line naming file and field). */
  checkScenario?(scenario: AppSpec): void;
  /** Optional (--dry-run): the actions deploying and disrupting would take; reads, changes nothing. */
  plan?(scenario: AppSpec, disruptions: readonly DisruptionKind[], load: LoadPlan): Promise<string[]>;
  /** Optional: scenarios run side by side when --parallel is not given (default 1). */
  defaultParallelism?(scenarios: number): number;
  /** Optional, read after up(): true when the provider can run the control backend (the catalogue's app, a Service of its own). */
  readonly controlBackend?: boolean;
}
