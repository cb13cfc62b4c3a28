import { afterEach, describe, expect, it } from 'vitest';
import { NodeScheduler } from '../../../../src/cluster/providers/local/scheduler.ts';
import { workloadSpec } from '../../../../src/cluster/providers/local/workload-spec.ts';
import { ZerodropError } from '../../../../src/errors/zerodrop-error.ts';
import { fixtureScenario } from './fixtures.ts';
import { type Harness, harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fast = { readyAfterMs: 80, stopAfterMs: 50 };

describe('scheduler', () => {
  it('emulates node-1..node-N for N in 1..3', () => {
    expect(new NodeScheduler(3).nodes()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(() => new NodeScheduler(4)).toThrow(ZerodropError);
    expect(() => new NodeScheduler(0)).toThrow(ZerodropError);
    expect(() => new NodeScheduler(2).cordon('node-9', true)).toThrow(/unknown node/);
  });

  it('spreads pods over the nodes', async () => {
    h = await harness({ replicas: 3, nodes: 3 }, fast);
    await h.workload.waitSettled(10_000);
    const nodes = (await h.workload.pods()).map((p) => p.node).sort();
    expect(nodes).toEqual(['node-1', 'node-2', 'node-3']);
    // The pods really run on their own loopback addresses.
    expect(new Set(h.spawned.map((p) => p.req.ip)).size).toBe(3);
    for (const p of h.spawned) expect(p.req.ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
  });

  it('never puts a new pod on a cordoned node', async () => {
    h = await harness({ replicas: 4, nodes: 3, maxSurge: 2, maxUnavailable: 1 }, fast);
    await h.workload.waitSettled(10_000);
    await h.workload.cordon('node-1', true);
    const before = (await h.workload.pods()).map((p) => p.name);
    await h.workload.restart();
    await h.workload.waitRolloutComplete(10_000);
    const fresh = h.spawned.filter((p) => !before.includes(p.req.name));
    expect(fresh.length).toBeGreaterThanOrEqual(4);
    for (const p of fresh) expect(p.req.node).not.toBe('node-1');
  });

  it('keeps a pod Pending while every node is cordoned, and schedules it on uncordon', async () => {
    h = await harness({ replicas: 2, nodes: 2 }, fast);
    await h.workload.waitSettled(10_000);
    await h.workload.cordon('node-1', true);
    await h.workload.cordon('node-2', true);
    const [victim] = await h.workload.pods();
    await h.workload.deletePod(victim!.name);
    const err = await h.workload.waitSettled(500).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as Error).message).toMatch(/pending: every node is cordoned/);
    const pending = (await h.workload.pods()).filter((p) => p.node === '');
    expect(pending).toHaveLength(1);
    await h.workload.cordon('node-2', false);
    await h.workload.waitSettled(10_000);
    const replacement = (await h.workload.pods()).find((p) => p.name === pending[0]!.name);
    expect(replacement?.node).toBe('node-2');
  });
});

describe('workload spec checks', () => {
  it('rejects a Service selector that matches no pod, naming file and field', () => {
    const m = fixtureScenario().manifests;
    expect(workloadSpec(m)).toEqual({ targetPort: 18080, containerPorts: [18080], selector: { app: 'web' } });
    m.service.spec.selector = { app: 'other' };
    expect(() => workloadSpec(m)).toThrow(expect.objectContaining({ field: 'spec.selector', file: m.file }));
    m.service.spec.selector = { app: 'web' };
    m.service.spec.ports[0]!.targetPort = 'metrics';
    expect(() => workloadSpec(m)).toThrow(/targetPort "metrics" names no containerPort/);
  });
});
