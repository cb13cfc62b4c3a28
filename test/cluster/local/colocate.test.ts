import { describe, expect, it } from 'vitest';
import { createProvider } from '../../../src/cluster/create-provider.ts';
import { DEVIATION_NOTES } from '../../../src/cluster/providers/local/local-provider.ts';
import { NodeScheduler } from '../../../src/cluster/providers/local/scheduler.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';

describe('NodeScheduler colocate', () => {
  it('spreads by default and colocates on the most loaded schedulable node when asked', () => {
    const spread = new NodeScheduler(3);
    const together = new NodeScheduler(3, { colocate: true });
    const load = new Map([
      ['node-1', 1],
      ['node-2', 2],
    ]);
    expect(spread.pick(load)).toBe('node-3');
    expect(together.pick(load)).toBe('node-2');
    expect(together.pick(new Map())).toBe('node-1');
    together.cordon('node-2', true);
    expect(together.pick(load)).toBe('node-1'); // the drained node gets no replacement
    together.cordon('node-1', true);
    together.cordon('node-3', true);
    expect(together.pick(load)).toBeUndefined();
  });
});

describe('a drain on the embedded runtime with colocate (what the run passes for drains)', () => {
  it("puts prestop-sleep's replicas on one node, so its PodDisruptionBudget answers 429", async () => {
    const provider = createProvider('local', { nodes: 2, propagationDelayMs: 0, colocate: true });
    await provider.up();
    try {
      // The runtime's remaining deviations are in the report's notes.
      expect(provider.notes()).toEqual(expect.arrayContaining(DEVIATION_NOTES));
      expect(DEVIATION_NOTES.join(' ')).toMatch(/one at a time.*stops creating pods once 3/);
      const workload = await provider.deploy(await readScenario(findScenarioRoot(), 'prestop-sleep'), { emit() {} });
      await workload.waitSettled(30_000);
      const pods = await workload.pods();
      expect(pods).toHaveLength(2);
      expect(new Set(pods.map((p) => p.node))).toEqual(new Set(['node-1']));
      await workload.cordon('node-1', true);
      expect(await workload.evict(pods[0]!.name)).toMatchObject({ ok: true });
      // minAvailable 1: with one pod terminating and its replacement warming up (5 s), the second must wait.
      const second = await workload.evict(pods[1]!.name);
      expect(second).toMatchObject({ ok: false, status: 429 });
      // The replacement of the evicted pod goes to the other node: node-1 is cordoned.
      let replacement: string[] = [];
      for (let i = 0; i < 40 && replacement.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        replacement = (await workload.pods()).filter((p) => !pods.some((o) => o.name === p.name)).map((p) => p.node);
      }
      expect(replacement).toEqual(['node-2']);
    } finally {
      await provider.down();
    }
  }, 60_000);
});
