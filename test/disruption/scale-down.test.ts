import { describe, expect, it } from 'vitest';
import type { PodInfo, Workload } from '../../src/cluster/provider.ts';
import { scaleDown } from '../../src/disruption/scale-down.ts';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

const pod = (name: string): PodInfo => ({ name, node: 'n1', ready: true, terminating: false, revision: 'a' });

/** A scripted Deployment: scale() keeps the first `n` pods by name, as a stand-in for the ReplicaSet's choice, and logs every call. */
function scripted(replicas: number) {
  const calls: string[] = [];
  let desired = replicas;
  let pods = Array.from({ length: replicas }, (_, i) => pod(`p${i}`));
  let next = replicas;
  const workload = {
    pods: async () => pods,
    desiredReplicas: async () => desired,
    scale: async (n: number) => {
      calls.push(`scale ${n}`);
      while (pods.length > n) pods = pods.slice(0, -1);
      while (pods.length < n) pods = [...pods, pod(`p${next++}`)];
      desired = n;
    },
    waitSettled: async () => {
      calls.push('settled');
    },
  } as unknown as Workload;
  return { workload, calls };
}

describe('scale-down', () => {
  it('scales N → N−k through the scale subresource, waits, scales back, waits; the removed pods are the affected ones', async () => {
    const { workload, calls } = scripted(4);
    const events: TimelineEvent[] = [];
    const r = await scaleDown(2).run({ workload, timeline: { emit: (e) => events.push({ t: 0, ...e }) }, timeoutMs: 1000 });
    expect(calls).toEqual(['scale 2', 'settled', 'scale 4', 'settled']);
    expect(r.affectedPods).toEqual(['p2', 'p3']);
    expect(events.map((e) => `${e.kind} ${e.detail}`)).toEqual(['scaled 4 → 2 replicas', 'scaled 2 → 4 replicas']);
  });

  it('refuses to take the last replica, before changing anything', async () => {
    const { workload, calls } = scripted(1);
    const run = scaleDown().run({ workload, timeline: { emit: () => {} }, timeoutMs: 1000 });
    await expect(run).rejects.toThrow(ZerodropError);
    await expect(run).rejects.toThrow('scale-down: 1 replica cannot lose 1 and keep one');
    expect(calls).toEqual([]);
  });
});
