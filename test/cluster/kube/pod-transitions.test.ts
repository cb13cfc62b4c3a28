import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type PodMemory, podTransitions } from '../../../src/cluster/kube/pod-transitions.ts';

function pod(o: {
  ready?: boolean;
  deleting?: boolean;
  terminated?: { exitCode: number; reason?: string };
  restarts?: number;
  last?: number;
}): V1Pod {
  return {
    metadata: { name: 'p1', ...(o.deleting ? { deletionTimestamp: new Date(), deletionGracePeriodSeconds: 5 } : {}) },
    spec: { nodeName: 'w1', containers: [] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          image: 'i',
          imageID: '',
          ready: !!o.ready,
          restartCount: o.restarts ?? 0,
          state: o.terminated ? { terminated: o.terminated } : { running: {} },
          ...(o.last !== undefined ? { lastState: { terminated: { exitCode: o.last } } } : {}),
        },
      ],
    },
  } as V1Pod;
}

function run(states: { p: V1Pod; gone?: boolean; now?: number }[]) {
  let mem: PodMemory | undefined;
  const out: string[] = [];
  for (const s of states) {
    const r = podTransitions(mem, s.p, s.gone, s.now);
    mem = r.mem;
    out.push(...r.events.map((e) => `${e.kind}${e.detail ? `(${e.detail})` : ''}@${e.node}${e.t !== undefined ? `@t=${e.t}` : ''}`));
  }
  return out;
}

/** The pod with one container whose preStop hook is `preStop`. */
function withHook(p: V1Pod, preStop: object): V1Pod {
  p.spec!.containers = [{ name: 'app', image: 'i', lifecycle: { preStop } }];
  return p;
}

describe('podTransitions', () => {
  it('follows a pod from creation through readiness, deletion, exit and removal', () => {
    expect(
      run(
        [
          { p: pod({}) },
          { p: pod({ ready: true }) },
          { p: pod({ ready: true }) },
          { p: pod({ ready: false, deleting: true }) },
          { p: pod({ deleting: true, terminated: { exitCode: 0 } }) },
          { p: pod({ deleting: true, terminated: { exitCode: 0 } }), gone: true },
          // no preStop hook: SIGTERM inferred at the deletion
        ].map((s) => ({ ...s, now: 1000 })),
      ),
    ).toEqual([
      'pod-created@w1',
      'pod-ready@w1',
      'pod-unready@w1',
      'pod-deleted(grace 5s)@w1',
      'sigterm(inferred: deletion + preStop sleep 0s)@w1@t=1000',
      'exit(0)@w1',
    ]);
  });

  it('notes phase changes after the first sight', () => {
    const pending = pod({});
    pending.status!.phase = 'Pending';
    const failed = pod({ terminated: { exitCode: 1 } });
    failed.status!.phase = 'Failed';
    expect(run([{ p: pending }, { p: pod({}) }, { p: failed }])).toEqual([
      'pod-created@w1',
      'note(phase Running)@w1',
      'note(phase Failed)@w1',
      'exit(1)@w1',
    ]);
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

  it("infers SIGTERM after a preStop sleep and stamps a SIGKILL seen later at the kubelet's kill time; none for a hook of unknown length", () => {
    const sleep = { sleep: { seconds: 3 } };
    const ev = run([
      { p: withHook(pod({ ready: true }), sleep), now: 500 },
      { p: withHook(pod({ ready: true, deleting: true }), sleep), now: 1000 },
      { p: withHook(pod({ deleting: true, terminated: { exitCode: 137 } }), sleep), now: 6800 },
    ]);
    expect(ev.filter((e) => /^(sigterm|sigkill)/.test(e))).toEqual([
      'sigterm(inferred: deletion + preStop sleep 3s)@w1@t=4000',
      'sigkill(container app exited 137 (SIGKILL), at the grace deadline)@w1@t=6000', // deletion + max(grace 5 s, 3 s + 2 s)
    ]);
    const exec = { exec: { command: ['sleep', '3'] } };
    const unknown = run([{ p: withHook(pod({ ready: true }), exec) }, { p: withHook(pod({ ready: true, deleting: true }), exec) }]);
    expect(unknown.filter((e) => e.startsWith('sigterm'))).toEqual([]);
  });

  it("reports a restarted container's previous exit from lastState", () => {
    const ev = run([{ p: pod({ ready: true }) }, { p: pod({ ready: false, restarts: 1, last: 143 }) }]);
    expect(ev).toContain('exit(143)@w1');
  });

  it('treats a DELETED event without a seen deletionTimestamp as the deletion', () => {
    const ev = run([{ p: pod({ ready: true }) }, { p: pod({ ready: true }), gone: true }]);
    expect(ev.slice(2)).toEqual(['pod-unready(pod deleted)@w1', 'pod-deleted@w1']);
  });
});
