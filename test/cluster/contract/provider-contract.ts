import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterProvider, Workload } from '../../../src/cluster/provider.ts';
import { httpGetOnce as get, waitServing } from '../../../src/load/wait-serving.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import type { Scenario } from '../../../src/scenario/types.ts';
import type { TimelineEvent, TimelineSink } from '../../../src/timeline/types.ts';

export interface ContractOptions {
  /** Skip reason when the provider cannot run here (no cluster reachable, ...); undefined = run. */
  skip?: () => Promise<string | undefined>;
  timeoutMs?: number;
}

/**
 * The contract every ClusterProvider passes (hono-style shared suite). It deploys the real
 * prestop-sleep scenario (2 replicas, PodDisruptionBudget minAvailable 1) and drives every Workload method.
 */
export function providerContract(name: string, create: () => ClusterProvider, opts: ContractOptions = {}): void {
  describe(`ClusterProvider contract: ${name}`, () => {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const events: TimelineEvent[] = [];
    const timeline: TimelineSink = { emit: (e) => events.push({ t: Date.now(), ...e }) };
    let provider: ClusterProvider;
    let scenario: Scenario;
    let workload: Workload | undefined;
    let skipReason: string | undefined;

    beforeAll(async () => {
      skipReason = await opts.skip?.();
      if (skipReason) return;
      provider = create();
      await provider.up();
      scenario = await readScenario(findScenarioRoot(), 'prestop-sleep');
      workload = await provider.deploy(scenario, timeline);
      await workload.waitSettled(timeoutMs);
    }, 180_000);

    afterAll(async () => {
      await workload?.remove();
      await provider?.down();
    }, 120_000);

    const replicas = () => scenario.manifests.deployment.spec.replicas ?? 1;

    it('serves traffic through its target from ready pods, and says whether it is emulated', async (t) => {
      if (skipReason) return t.skip(skipReason);
      expect(typeof provider.emulated).toBe('boolean');
      expect(provider.notes().join(' ').includes('emulated')).toBe(provider.emulated);
      const pods = await workload!.pods();
      expect(pods.filter((p) => p.ready && !p.terminating)).toHaveLength(replicas());
      // A ready pod's endpoint reaches the data path after the propagation delay, as on a cluster.
      await waitServing(workload!.target, '/', { timeoutMs: 10_000, requestTimeoutMs: 2000 });
      const res = await get(workload!.target);
      expect(res.status).toBe(200);
      expect(pods.map((p) => p.name)).toContain(res.pod);
      expect(events.some((e) => e.kind === 'pod-ready')).toBe(true);
    });

    it('rolls out a restart: every pod replaced, rollout observed complete', async (t) => {
      if (skipReason) return t.skip(skipReason);
      const before = (await workload!.pods()).map((p) => p.name);
      await workload!.restart();
      await workload!.waitRolloutComplete(timeoutMs);
      await workload!.waitSettled(timeoutMs);
      const after = await workload!.pods();
      expect(after).toHaveLength(replicas());
      expect(after.some((p) => before.includes(p.name))).toBe(false);
      expect(events.some((e) => e.kind === 'endpoint-removed' && before.includes(e.pod ?? ''))).toBe(true);
    });

    it('replaces a deleted pod', async (t) => {
      if (skipReason) return t.skip(skipReason);
      const [victim] = await workload!.pods();
      await workload!.deletePod(victim.name);
      await workload!.waitSettled(timeoutMs);
      const after = await workload!.pods();
      expect(after.map((p) => p.name)).not.toContain(victim.name);
      expect(after.filter((p) => p.ready)).toHaveLength(replicas());
    });

    it('refuses an eviction with 429 while the PodDisruptionBudget forbids it', async (t) => {
      if (skipReason) return t.skip(skipReason);
      const [first, second] = await workload!.pods();
      expect(await workload!.evict(first.name)).toEqual({ ok: true });
      const refused = await workload!.evict(second.name);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.status).toBe(429);
      await workload!.waitSettled(timeoutMs);
      expect(await workload!.evict(second.name)).toEqual({ ok: true });
      await workload!.waitSettled(timeoutMs);
    });

    it('keeps new pods off a cordoned node', async (t) => {
      if (skipReason) return t.skip(skipReason);
      const nodes = await workload!.nodes();
      if (nodes.length < 2) return t.skip('needs two schedulable nodes');
      const before = await workload!.pods();
      const victim = before[0];
      await workload!.cordon(victim.node, true);
      try {
        await workload!.deletePod(victim.name);
        await workload!.waitSettled(timeoutMs);
        const replacements = (await workload!.pods()).filter((p) => !before.some((b) => b.name === p.name));
        expect(replacements).toHaveLength(1);
        expect(replacements[0].node).not.toBe(victim.node);
      } finally {
        await workload!.cordon(victim.node, false);
      }
    });

    it('removes everything: the target stops answering', async (t) => {
      if (skipReason) return t.skip(skipReason);
      const target = workload!.target;
      await workload!.remove();
      await workload!.remove();
      workload = undefined;
      await expect(get(target)).rejects.toThrow();
    });
  });
}
