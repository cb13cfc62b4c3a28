/**
 * Lifecycle events recorded beside the requests. `t` is epoch milliseconds. The one list of kinds
 * (the report schema reads it).
 */
export const TIMELINE_KINDS = [
  'phase', // detail: 'baseline' | 'disruption' | 'recovery' | 'end'
  'pod-created',
  'pod-ready',
  'pod-unready',
  'pod-deleted', // deletionTimestamp set
  'prestop-start',
  'prestop-end',
  'sigterm', // on a real cluster inferred (detail says so): deletion + the preStop sleep
  'sigkill', // on a real cluster inferred from exit code 137
  'exit', // detail: exit code / signal, e.g. '137'
  'probe-failed', // one failed probe attempt; detail starts with the probe kind, e.g. 'readiness'
  'endpoint-added', // the Service's data path sends new connections to the pod from now on
  'endpoint-removed', // the Service's data path stops sending new connections to the pod
  'node-cordoned',
  'node-uncordoned',
  'evict-blocked', // eviction answered 429 by a PodDisruptionBudget
  'evicted',
  'scaled', // detail: '3 → 2 replicas' (the scale subresource: scale-down and back)
  'disruption-start',
  'disruption-end',
  'load-health', // detail: JSON LoadHealth (load/load-health.ts) for the phase that just ended
  'control', // detail: JSON ControlHealth (load/control-probe.ts): the control stream in the phase that just ended
  'note',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  t: number;
  kind: TimelineKind;
  pod?: string;
  node?: string;
  detail?: string;
}

/** Where providers, disruptions and the run write lifecycle events. */
export interface TimelineSink {
  emit(event: Omit<TimelineEvent, 't'> & { t?: number }): void;
}

export const PHASES = ['baseline', 'disruption', 'recovery'] as const;
export type PhaseName = (typeof PHASES)[number];
