import { describe, expect, it } from 'vitest';
import type { EvictionResult, PodInfo, Workload } from '../../src/cluster/provider.ts';
import { evictWithRetry, nodeDrain, pickNodeToDrain } from '../../src/disruption/node-drain.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

const pod = (name: string, node: string, extra: Partial<PodInfo> = {}): PodInfo => ({
  name,
  node,
  ready: true,
  terminating: false,
  revision: 'a',
  ...extra,
});

/** A scripted API server: evictions answer from a queue of results; every call is logged. */
function scriptedWorkload(pods: PodInfo[], answers: EvictionResult[]) {
  const calls: string[] = [];
  const workload: Workload = {
    target: { host: '127.0.0.1', port: 1 },
    pods: async () => pods,
    nodes: async () => [...new Set(pods.map((p) => p.node))],
    restart: async () => {
      calls.push('restart');
    },
    waitRolloutComplete: async () => {},
    waitSettled: async () => {
      calls.push('settled');
    },
    deletePod: async (n) => {
      calls.push(`delete ${n}`);
    },
    desiredReplicas: async () => pods.length,
    scale: async (n) => {
      calls.push(`scale ${n}`);
    },
    cordon: async (n, u) => {
      calls.push(`${u ? 'cordon' : 'uncordon'} ${n}`);
    },
    evict: async (n) => {
      calls.push(`evict ${n}`);
      return answers.shift() ?? { ok: true };
    },
    remove: async () => {},
  };
  return { workload, calls };
}

function sink() {
  const events: TimelineEvent[] = [];
  return { events, emit: (e: Omit<TimelineEvent, 't'>) => events.push({ t: Date.now(), ...e }) };
}

describe('node drain', () => {
  it('picks the node with most live pods, ignoring terminating ones', () => {
    expect(pickNodeToDrain([pod('a', 'n1'), pod('b', 'n2'), pod('c', 'n2'), pod('d', 'n1', { terminating: true })])).toBe('n2');
    expect(pickNodeToDrain([])).toBeUndefined();
  });

  it('retries an eviction a PodDisruptionBudget refused (429) every retry period, as budget waits', async () => {
    const blocked: EvictionResult = { ok: false, status: 429, reason: 'PDB minAvailable 1' };
    const { workload, calls } = scriptedWorkload([], [blocked, blocked, { ok: true }]);
    const timeline = sink();
    const t0 = Date.now();
    await evictWithRetry({ workload, timeline, timeoutMs: 10_000 }, 'p1', 30);
    expect(calls).toEqual(['evict p1', 'evict p1', 'evict p1']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50); // two 30 ms waits; timers may fire a millisecond early
    expect(timeline.events.map((e) => e.kind)).toEqual(['evict-blocked', 'evict-blocked', 'evicted']);
  });

  it('waits out API throttling (429 with Retry-After) without counting it as a budget wait', async () => {
    const throttled: EvictionResult = { ok: false, status: 429, reason: 'Too many requests', throttled: { retryAfterMs: 150 } };
    const { workload, calls } = scriptedWorkload([], [throttled, { ok: true }]);
    const timeline = sink();
    const t0 = Date.now();
    await evictWithRetry({ workload, timeline, timeoutMs: 10_000 }, 'p1', 10);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140); // Retry-After, not the 10 ms budget retry
    expect(calls).toEqual(['evict p1', 'evict p1']);
    expect(timeline.events.map((e) => e.kind)).toEqual(['evicted']);
  });

  it('treats a pod already gone (404) as evicted, at once', async () => {
    const { workload, calls } = scriptedWorkload([], [{ ok: true, gone: true }]);
    const timeline = sink();
    await evictWithRetry({ workload, timeline, timeoutMs: 1000 }, 'p1', 30);
    expect(calls).toEqual(['evict p1']);
    expect(timeline.events).toMatchObject([{ kind: 'evicted', pod: 'p1', detail: 'already gone (404)' }]);
  });

  it('stops waiting on a refused eviction as soon as the run is interrupted', async () => {
    const blocked: EvictionResult = { ok: false, status: 429, reason: 'PDB' };
    const { workload } = scriptedWorkload([], Array(100).fill(blocked));
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted')), 50);
    const t0 = Date.now();
    await expect(evictWithRetry({ workload, timeline: sink(), timeoutMs: 60_000, signal: ac.signal }, 'p1', 5000)).rejects.toThrow(
      'interrupted',
    );
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('gives up with an error after the timeout', async () => {
    const blocked: EvictionResult = { ok: false, status: 429, reason: 'PDB' };
    const { workload } = scriptedWorkload([], Array(100).fill(blocked));
    await expect(evictWithRetry({ workload, timeline: sink(), timeoutMs: 50 }, 'p1', 20)).rejects.toThrow(/still refused/);
  });

  it('cordons, evicts the node’s pods, waits, and uncordons even when eviction fails', async () => {
    const { workload, calls } = scriptedWorkload([pod('a', 'n1'), pod('b', 'n2')], []);
    const res = await nodeDrain(10).run({ workload, timeline: sink(), timeoutMs: 1000 });
    expect(res.affectedPods).toEqual(['a']);
    expect(calls).toEqual(['cordon n1', 'evict a', 'settled', 'uncordon n1']);

    const failing = scriptedWorkload([pod('a', 'n1')], Array(100).fill({ ok: false, status: 429, reason: 'PDB' }));
    await expect(nodeDrain(10).run({ workload: failing.workload, timeline: sink(), timeoutMs: 30 })).rejects.toThrow();
    expect(failing.calls.at(-1)).toBe('uncordon n1');
  });
});
