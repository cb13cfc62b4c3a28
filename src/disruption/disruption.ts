import type { Workload } from '../cluster/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import type { TimelineSink } from '../timeline/index.ts';

export interface DisruptionContext {
  workload: Workload;
  timeline: TimelineSink;
  signal?: AbortSignal;
  /** Upper bound for every wait inside the disruption. */
  timeoutMs: number;
}

export interface DisruptionResult {
  /** Pods the disruption terminated. */
  affectedPods: string[];
}

/**
 * A disruption acts on a deployed workload and resolves when its effect is observed complete
 * (rollout finished, replacement available, drained pods gone), never after a fixed sleep.
 */
export interface Disruption {
  readonly kind: DisruptionKind;
  run(ctx: DisruptionContext): Promise<DisruptionResult>;
}
