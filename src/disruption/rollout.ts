import type { Disruption } from './disruption.ts';

/** `kubectl rollout restart`: a new pod-template revision, then wait until every old pod is gone. */
export const rollout: Disruption = {
  kind: 'rollout',
  async run({ workload, timeoutMs }) {
    const before = (await workload.pods()).map((p) => p.name);
    await workload.restart();
    await workload.waitRolloutComplete(timeoutMs);
    await workload.waitSettled(timeoutMs);
    return { affectedPods: before };
  },
};
