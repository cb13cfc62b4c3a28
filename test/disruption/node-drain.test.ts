import { describe, expect, it } from 'vitest';
import type { EvictionResult, PodInfo, Workload } from '../../src/cluster/provider.ts';
import { evictWithRetry, nodeDrain, pickNodeToDrain } from '../../src/disruption/node-drain.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

const pod = (name: string, node: string, extra: Partial<PodInfo> = {}): PodInfo =>
  ({ name, node, ready: true, terminating: false, revision: 'a', ...extra });

/** A scripted API server: evictions answer from a queue of results; every call is logged. */
function scriptedWorkload(pods: PodInfo[], answers: EvictionResult[]) {
  const calls: string[] = [];
  const workload: Workload = {
    target: { host: '127.0.0.1', port: 1 },
    pods: async () => pods,
    nodes: async () => [...new Set(pods.map((p) => p.node))],
    restart: async () => { calls.push('restart'); },
    waitRolloutComplete: async () => {},
    waitSettled: async () => { calls.push('settled'); },
    deletePod: async (n) => { calls.push(`delete ${n}`); },
    cordon: async (n, u) => { calls.push(`${u ? 'cordon' : 'uncordon'} ${n}`); },
    evict: async (n) => { calls.push(`evict ${n}`); return answers.shift() ?? { ok: true }; },
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

  it('retries an eviction refused with 429 and reports the time blocked', async () => {
    const blocked: EvictionResult = { ok: false, status: 429, reason: 'PDB minAvailable 1' };
    const { workload, calls } = scriptedWorkload([], [blocked, blocked, { ok: true }]);
    const timeline = sink();
    const ms = await evictWithRetry({ workload, timeline, timeoutMs: 10_000 }, 'p1', 30);
    expect(calls).toEqual(['evict p1', 'evict p1', 'evict p1']);
    expect(ms).toBeGreaterThanOrEqual(50); // two 30 ms waits; timers may fire a millisecond early
    expect(timeline.events.map((e) => e.kind)).toEqual(['evict-blocked', 'evict-blocked', 'evicted']);
  });

  it('reports zero blocked time when the first eviction succeeds', async () => {
    const { workload } = scriptedWorkload([], []);
    expect(await evictWithRetry({ workload, timeline: sink(), timeoutMs: 1000 }, 'p1', 30)).toBe(0);
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
