import { afterEach, describe, expect, it } from 'vitest';
import { budgetState, evictionDecision } from '../../../../src/cluster/providers/local/controller/disruption-budget.ts';
import type { PodRecord } from '../../../../src/cluster/providers/local/controller/pod-store.ts';
import type { PodDisruptionBudget } from '../../../../src/k8s/manifest-types.ts';
import { type Harness, harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fast = { readyAfterMs: 80, stopAfterMs: 300 };

describe('eviction (policy/v1) with a PodDisruptionBudget', () => {
  it("answers an eviction of a pod that is already gone as done (the API's 404)", async () => {
    h = await harness({ replicas: 1 }, fast);
    await h.workload.waitSettled(10_000);
    expect(await h.workload.evict('web-gone-00000')).toEqual({ ok: true, gone: true });
  });

  it('minAvailable 1 of 2: the second eviction gets 429 until the replacement is ready', async () => {
    h = await harness({ replicas: 2, pdb: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } }, fast);
    await h.workload.waitSettled(10_000);
    const [a, b] = await h.workload.pods();
    expect(await h.workload.evict(a!.name)).toEqual({ ok: true });
    const refused = await h.workload.evict(b!.name);
    expect(refused).toMatchObject({ ok: false, status: 429 });
    expect((await h.workload.pods()).find((p) => p.name === b!.name)?.terminating).toBe(false);
    // Evicting a pod that is already terminating is fine (no double counting).
    expect(await h.workload.evict(a!.name)).toEqual({ ok: true });
    await h.workload.waitSettled(10_000);
    expect(await h.workload.evict(b!.name)).toEqual({ ok: true });
    await h.workload.waitSettled(10_000);
    const deleted = h.events.filter((e) => e.kind === 'pod-deleted').map((e) => e.pod);
    expect(deleted).toEqual([a!.name, b!.name]);
  });

  it('maxUnavailable 50% of 4: two evictions pass, the third gets 429', async () => {
    h = await harness({ replicas: 4, nodes: 3, pdb: { maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } } }, fast);
    await h.workload.waitSettled(10_000);
    const pods = await h.workload.pods();
    expect(await h.workload.evict(pods[0]!.name)).toEqual({ ok: true });
    expect(await h.workload.evict(pods[1]!.name)).toEqual({ ok: true });
    expect(await h.workload.evict(pods[2]!.name)).toMatchObject({ ok: false, status: 429 });
  });

  it('without a budget an eviction is a delete', async () => {
    h = await harness({ replicas: 1 }, fast);
    await h.workload.waitSettled(10_000);
    const [only] = await h.workload.pods();
    expect(await h.workload.evict(only!.name)).toEqual({ ok: true });
    expect((await h.workload.pods()).find((p) => p.name === only!.name)?.terminating).toBe(true);
  });
});

describe('budget arithmetic', () => {
  const pod = (name: string, ready: boolean, terminating = false): PodRecord => ({
    name,
    revision: 'r',
    labels: { app: 'web' },
    template: { spec: { containers: [] } },
    createdAt: 0,
    node: 'node-1',
    ready,
    deletionTimestamp: terminating ? 1 : undefined,
  });
  const pdb = (spec: Partial<PodDisruptionBudget['spec']>): PodDisruptionBudget => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'b' },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  });

  it('rounds percentages up and ignores terminating pods', () => {
    const pods = [pod('a', true), pod('b', true), pod('c', true), pod('d', true, true)];
    expect(budgetState(pdb({ minAvailable: '50%' }), pods, 3)).toEqual({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(budgetState(pdb({ maxUnavailable: '34%' }), pods, 3)).toEqual({ currentHealthy: 3, desiredHealthy: 1, disruptionsAllowed: 2 });
    expect(budgetState(pdb({ maxUnavailable: 0 }), pods, 3).disruptionsAllowed).toBe(0);
  });

  it('lets an unready pod go only while the budget is met (IfHealthyBudget)', () => {
    const pods = [pod('a', true), pod('b', false)];
    expect(evictionDecision(pdb({ minAvailable: 1 }), pods, pods[1]!, 2)).toEqual({ ok: true });
    expect(evictionDecision(pdb({ minAvailable: 2 }), pods, pods[1]!, 2)).toMatchObject({ ok: false, status: 429 });
    expect(evictionDecision(pdb({ minAvailable: 1 }), pods, pods[0]!, 2)).toMatchObject({ ok: false, status: 429 });
  });
});
