import type { Disruption } from './disruption.ts';

/** `kubectl rollout restart`: a new pod-template revision, then wait until every old pod is gone. */
export const rollout: Disruption = {
  kind: 'rollout',
  async run({ workload, timeoutMs, signal }) {
    const before = (await workload.pods()).map((p) => p.name);
    await workload.restart();
    await workload.waitRolloutComplete(timeoutMs, signal);
    await workload.waitSettled(timeoutMs, signal);
    return { affectedPods: before };
  },
};
