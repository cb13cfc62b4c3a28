import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ZerodropError } from '../../../../src/errors/zerodrop-error.ts';
import { type Harness, harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fast = { readyAfterMs: 120, stopAfterMs: 80 };

function servedBy(target: { host: string; port: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ ...target, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.headers['x-zerodrop-pod'])));
      })
      .on('error', reject);
  });
}

async function rollAndMeasure(hh: Harness): Promise<{ maxPods: number; minReady: number; before: string[] }> {
  await hh.workload.waitSettled(10_000);
  const before = (await hh.workload.pods()).map((p) => p.name);
  hh.resetExtremes();
  await hh.workload.restart();
  await hh.workload.waitRolloutComplete(20_000);
  const after = await hh.workload.pods();
  expect(after.filter((p) => !p.terminating).some((p) => before.includes(p.name))).toBe(false);
  return { ...hh.extremes(), before };
}

describe('Deployment controller rolling update', () => {
  it('maxSurge 1, maxUnavailable 0: never more than replicas+1 pods, never fewer than replicas ready', async () => {
    h = await harness({ replicas: 4, maxSurge: 1, maxUnavailable: 0 }, fast);
    const m = await rollAndMeasure(h);
    expect(m.maxPods).toBe(5);
    expect(m.minReady).toBe(4);
    expect(await servedBy(h.workload.target)).toMatch(/^web-/);
  });

  it('maxSurge 0, maxUnavailable 1: never more than replicas pods, never fewer than replicas-1 ready', async () => {
    h = await harness({ replicas: 4, maxSurge: 0, maxUnavailable: 1 }, fast);
    const m = await rollAndMeasure(h);
    expect(m.maxPods).toBe(4);
    expect(m.minReady).toBe(3);
  });

  it('defaults to 25% surge (rounded up) and 25% unavailable (rounded down)', async () => {
    h = await harness({ replicas: 3 }, fast); // surge ceil(0.75)=1, unavailable floor(0.75)=0
    const m = await rollAndMeasure(h);
    expect(m.maxPods).toBe(4);
    expect(m.minReady).toBe(3);
  });

  it('scales old pods down only once new ones have been ready for minReadySeconds', async () => {
    h = await harness({ replicas: 2, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 1 }, fast);
    const { before } = await rollAndMeasure(h);
    const newPods = h.spawned.filter((p) => !before.includes(p.req.name));
    const deletions = h.events.filter((e) => e.kind === 'pod-deleted' && before.includes(e.pod!));
    expect(deletions).toHaveLength(2);
    // The first old pod goes no sooner than 1 s after the first new pod became ready.
    const readyAt = Math.min(...newPods.map((p) => p.readyAt ?? Infinity));
    expect(deletions[0]!.t - readyAt).toBeGreaterThanOrEqual(990);
    expect(deletions[0]!.t - readyAt).toBeLessThan(2500);
  });

  it('replaces a deleted pod and terminates it with the grace period, emitting pod-deleted', async () => {
    h = await harness({ replicas: 2, grace: 7 }, fast);
    await h.workload.waitSettled(10_000);
    const [victim] = await h.workload.pods();
    await h.workload.deletePod(victim!.name);
    const during = await h.workload.pods();
    expect(during.find((p) => p.name === victim!.name)?.terminating).toBe(true);
    await h.workload.waitSettled(10_000);
    const after = await h.workload.pods();
    expect(after.map((p) => p.name)).not.toContain(victim!.name);
    expect(after.filter((p) => p.ready && !p.terminating)).toHaveLength(2);
    expect(h.events.filter((e) => e.kind === 'pod-deleted').map((e) => e.pod)).toEqual([victim!.name]);
    expect(h.spawned.find((p) => p.req.name === victim!.name)?.terminateGrace).toBe(7);
  });

  it('times out with a ZerodropError naming the stuck pods and why', async () => {
    h = await harness({ replicas: 2 }, { readyAfterMs: Infinity, stopAfterMs: 10 });
    const err = await h.workload.waitRolloutComplete(400).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    const msg = (err as Error).message;
    for (const p of await h.workload.pods()) expect(msg).toContain(`${p.name} (not ready)`);
  });

  it('fails a wait at once, keeping file and field, when a pod cannot start', async () => {
    const startError = new ZerodropError('tini not found on PATH', { file: 'k8s.yaml', field: 'spec.template.spec.containers[0].command' });
    h = await harness({ replicas: 2 }, { readyAfterMs: 10, stopAfterMs: 10, startError });
    const t0 = Date.now();
    const err = await h.workload.waitSettled(10_000).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).message).toMatch(/failed to start: tini not found on PATH/);
    expect((err as ZerodropError).field).toBe('spec.template.spec.containers[0].command');
    // The crash-loop guard stops creating replacements after 3 failed pods.
    await new Promise((r) => setTimeout(r, 600));
    expect(h.spawned.length).toBe(3);
  });

  it('rejects maxSurge and maxUnavailable both 0', async () => {
    const err = await harness({ maxSurge: 0, maxUnavailable: 0 }, fast).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).field).toBe('spec.strategy.rollingUpdate.maxUnavailable');
  });
});
