import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podTransitions, type PodMemory } from '../../src/cluster/kube/pod-transitions.ts';

function pod(o: { ready?: boolean; deleting?: boolean; terminated?: { exitCode: number; reason?: string }; restarts?: number; last?: number }): V1Pod {
  return {
    metadata: { name: 'p1', ...(o.deleting ? { deletionTimestamp: new Date(), deletionGracePeriodSeconds: 5 } : {}) },
    spec: { nodeName: 'w1', containers: [] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [{
        name: 'app', image: 'i', imageID: '', ready: !!o.ready, restartCount: o.restarts ?? 0,
        state: o.terminated ? { terminated: o.terminated } : { running: {} },
        ...(o.last !== undefined ? { lastState: { terminated: { exitCode: o.last } } } : {}),
      }],
    },
  } as V1Pod;
}

function run(states: { p: V1Pod; gone?: boolean }[]) {
  let mem: PodMemory | undefined;
  const out: string[] = [];
  for (const s of states) {
    const r = podTransitions(mem, s.p, s.gone);
    mem = r.mem;
    out.push(...r.events.map((e) => `${e.kind}${e.detail ? `(${e.detail})` : ''}@${e.node}`));
  }
  return out;
}

describe('podTransitions', () => {
  it('follows a pod from creation through readiness, deletion, exit and removal', () => {
    expect(run([
      { p: pod({}) },
      { p: pod({ ready: true }) },
      { p: pod({ ready: true }) },
      { p: pod({ ready: false, deleting: true }) },
      { p: pod({ deleting: true, terminated: { exitCode: 0 } }) },
      { p: pod({ deleting: true, terminated: { exitCode: 0 } }), gone: true },
    ])).toEqual(['pod-created@w1', 'pod-ready@w1', 'pod-unready@w1', 'pod-deleted(grace 5s)@w1', 'exit(0)@w1']);
  });

  it('notes phase changes after the first sight', () => {
    const pending = pod({});
    pending.status!.phase = 'Pending';
    const failed = pod({ terminated: { exitCode: 1 } });
    failed.status!.phase = 'Failed';
    expect(run([{ p: pending }, { p: pod({}) }, { p: failed }])).toEqual(['pod-created@w1', 'note(phase Running)@w1', 'note(phase Failed)@w1', 'exit(1)@w1']);
  });

  it('notes exit code 137 as SIGKILL, once', () => {
    const ev = run([
      { p: pod({ ready: true, deleting: true }) },
      { p: pod({ deleting: true, terminated: { exitCode: 137, reason: 'Error' } }) },
      { p: pod({ deleting: true, terminated: { exitCode: 137, reason: 'Error' } }) },
    ]);
    expect(ev.filter((e) => e.startsWith('exit'))).toEqual(['exit(137)@w1']);
    expect(ev.filter((e) => e.startsWith('sigkill'))).toEqual(['sigkill(container app exited 137 (SIGKILL), Error)@w1']);
  });

  it('reports a restarted container\'s previous exit from lastState', () => {
    const ev = run([{ p: pod({ ready: true }) }, { p: pod({ ready: false, restarts: 1, last: 143 }) }]);
    expect(ev).toContain('exit(143)@w1');
  });

  it('treats a DELETED event without a seen deletionTimestamp as the deletion', () => {
    const ev = run([{ p: pod({ ready: true }) }, { p: pod({ ready: true }), gone: true }]);
    expect(ev.slice(2)).toEqual(['pod-unready(pod deleted)@w1', 'pod-deleted@w1']);
  });
});
