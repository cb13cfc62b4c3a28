import { ZerodropError } from '../errors/index.ts';
import type { Disruption, DisruptionResult } from './disruption.ts';

/** Replicas a scale-down removes when not told otherwise. */
export const DEFAULT_SCALE_BY = 1;

/**
 * A scale-in as an HorizontalPodAutoscaler makes it: spec.replicas N → N−k through the scale
 * subresource (no eviction, so no PodDisruptionBudget is asked), wait until the ReplicaSet has
 * deleted its surplus pods and they are gone, then back to N and wait until the new pods are
 * available. Both halves lose requests the way real scale-ins and scale-outs do: the removed pods
 * terminate like a pod delete, the added ones start taking traffic once ready (or before, without
 * a readiness probe). At least one replica always stays.
 */
export function scaleDown(by = DEFAULT_SCALE_BY): Disruption {
  return {
    kind: 'scale-down',
    async run({ workload, timeline, timeoutMs, signal }): Promise<DisruptionResult> {
      const replicas = await workload.desiredReplicas();
      if (replicas - by < 1) {
        throw new ZerodropError(`scale-down: ${replicas} replica${replicas === 1 ? '' : 's'} cannot lose ${by} and keep one`, {
          hint: 'a scale-down needs 2 replicas or more (or a smaller --scale-by)',
        });
      }
      const before = new Set((await workload.pods()).filter((p) => !p.terminating).map((p) => p.name));
      timeline.emit({ kind: 'scaled', detail: `${replicas} → ${replicas - by} replicas` });
      await workload.scale(replicas - by);
      await workload.waitSettled(timeoutMs, signal);
      const kept = new Set((await workload.pods()).map((p) => p.name));
      timeline.emit({ kind: 'scaled', detail: `${replicas - by} → ${replicas} replicas` });
      await workload.scale(replicas);
      await workload.waitSettled(timeoutMs, signal);
      return { affectedPods: [...before].filter((p) => !kept.has(p)).sort() };
    },
  };
}
