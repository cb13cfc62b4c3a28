import type { LoadHealth } from '../load-health.ts';
import type { LoadPlan } from '../plan/index.ts';
import type { StreamPlan } from '../types.ts';
import type { AgentStream } from './agent-stream.ts';
import type { ClockEstimate } from './clock-offset.ts';

/** Where the load of a run comes from: this machine (through the Service's NodePort) or load pods inside the cluster. */
export const LOAD_FROM = ['host', 'cluster'] as const;
export type LoadFrom = (typeof LOAD_FROM)[number];

/**
 * The longest a load pod's agent runs before it stops by itself: baseline and recovery, the
 * disruption's longest wait (`waitTimeoutMs`) twice over, and a minute of room.
 */
export function agentTimeLimitSeconds(baselineSeconds: number, recoverySeconds: number, waitTimeoutMs: number): number {
  return Math.ceil(baselineSeconds + recoverySeconds + (2 * waitTimeoutMs) / 1000 + 60);
}

/** What the run asks of the cluster's load pods (the provider decides how many and where). */
export interface LoadPodsRequest {
  /** The run's whole load; each pod gets its share (load/plan sharePlan: rate / pods, connections likewise). */
  plan: LoadPlan;
  /** Each agent stops by itself this long after it starts (the harness may be gone). */
  maxRunSeconds: number;
  /** Upper bound for waiting until the pods run and answer. */
  waitTimeoutMs: number;
  /** The reader of pod `loader`'s log, made before its first line arrives. */
  streamFor(loader: number, pod: string): AgentStream;
  signal?: AbortSignal;
}

/** One load pod, running. */
export interface LoadPod {
  loader: number;
  name: string;
  node: string;
  /** Its share of the schedule. */
  streams: StreamPlan[];
  stream: AgentStream;
}

export type AgentHealth = Omit<LoadHealth, 'phase'>;

/** The running load pods of one scenario iteration; every call is bounded in time. */
export interface LoadPods {
  readonly pods: readonly LoadPod[];
  /** Where they send, for the report notes ("the Service's ClusterIP 10.96.0.12:80"). */
  readonly target: string;
  /** One clock offset estimate per pod (undefined where the probes failed). */
  clocks(): Promise<(ClockEstimate | undefined)[]>;
  /** Resolves once every pod got 2xx/3xx answers from the target. */
  waitServing(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  start(): Promise<void>;
  /** Each agent's event-loop delay since the last call and its peak connections (undefined where it did not answer). */
  health(): Promise<(AgentHealth | undefined)[]>;
  /** Stops every pod and waits (at most `timeoutMs`) until each log reported the end or ended. */
  stop(timeoutMs: number): Promise<void>;
  /** Container restarts per pod so far. */
  restarts(): Promise<number[]>;
  /** Stops reading the logs. Idempotent. */
  close(): void;
}
