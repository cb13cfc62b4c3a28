import { ZerodropError } from '../errors/index.ts';
import type { Disruption } from './disruption.ts';

/** Delete one ready pod (the first by name) and wait for its replacement to be available. */
export const podDelete: Disruption = {
  kind: 'delete',
  async run({ workload, timeoutMs, signal }) {
    const victim = (await workload.pods()).filter((p) => p.ready && !p.terminating).sort((a, b) => a.name.localeCompare(b.name))[0];
    if (!victim) throw new ZerodropError('pod delete: no ready pod to delete');
    await workload.deletePod(victim.name);
    await workload.waitSettled(timeoutMs, signal);
    return { affectedPods: [victim.name] };
  },
};
