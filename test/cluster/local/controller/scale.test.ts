import { afterEach, describe, expect, it } from 'vitest';
import { scaleDown } from '../../../../src/disruption/scale-down.ts';
import type { TimelineSink } from '../../../../src/timeline/types.ts';
import { type Harness, harness } from './harness.ts';

/** The embedded Deployment controller under the scale subresource (an HorizontalPodAutoscaler's scale-in and scale-out). */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fast = { readyAfterMs: 120, stopAfterMs: 80 };

describe('Deployment controller scale', () => {
  it('scales in by deleting the pod ready for the shortest time, then back out with a new pod', async () => {
    h = await harness({ replicas: 3, maxSurge: 1, maxUnavailable: 0 }, fast);
    await h.workload.waitSettled(10_000);
    const first = (await h.workload.pods()).map((p) => p.name).sort();
    // A pod deleted and replaced now is the one ready for the shortest time: a scale-in removes it first.
    await h.workload.deletePod(first[0]);
    await h.workload.waitSettled(10_000);
    const pods = await h.workload.pods();
    const newest = pods.find((p) => !first.includes(p.name))!.name;
    expect(await h.workload.desiredReplicas()).toBe(3);

    await h.workload.scale(2);
    expect(await h.workload.desiredReplicas()).toBe(2);
    await h.workload.waitSettled(10_000);
    const after = (await h.workload.pods()).map((p) => p.name);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(newest);
    expect(h.events.filter((e) => e.kind === 'pod-deleted').map((e) => e.pod)).toContain(newest);

    await h.workload.scale(3);
    await h.workload.waitSettled(10_000);
    const back = await h.workload.pods();
    expect(back.filter((p) => p.ready && !p.terminating)).toHaveLength(3);
    expect(back.filter((p) => !after.includes(p.name))).toHaveLength(1);
  });

  it('the scale-down disruption removes one replica, restores the count, and names the pod it removed', async () => {
    h = await harness({ replicas: 3, maxSurge: 1, maxUnavailable: 0 }, fast);
    await h.workload.waitSettled(10_000);
    const before = (await h.workload.pods()).map((p) => p.name);
    const events = h.events;
    const timeline: TimelineSink = { emit: (e) => events.push({ t: Date.now(), ...e }) };
    const result = await scaleDown().run({ workload: h.workload, timeline, timeoutMs: 10_000 });
    expect(result.affectedPods).toHaveLength(1);
    expect(before).toContain(result.affectedPods[0]);
    expect(await h.workload.desiredReplicas()).toBe(3);
    const now = await h.workload.pods();
    expect(now.filter((p) => p.ready && !p.terminating)).toHaveLength(3);
    expect(now.map((p) => p.name)).not.toContain(result.affectedPods[0]);
    expect(h.events.filter((e) => e.kind === 'scaled').map((e) => e.detail)).toEqual(['3 → 2 replicas', '2 → 3 replicas']);
  });
});
