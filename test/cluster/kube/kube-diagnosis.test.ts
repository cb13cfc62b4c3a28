import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type PodEvent, type PodMemory, podTransitions } from '../../../src/cluster/kube/pod-transitions.ts';
import { probeFailure } from '../../../src/cluster/kube/probe-events.ts';
import { diffEndpoints, type EndpointState } from '../../../src/cluster/kube/slice-diff.ts';
import type { TimelineEvent } from '../../../src/timeline/types.ts';
import { answers, causeOf, r } from '../../metrics/diagnosis-fixture.ts';

/** A pod of the shipped scenarios as the API shows it: grace 5 s, a 3 s preStop sleep unless `noHook`. */
function pod(name: string, o: { ready: boolean; deleting?: boolean; exit?: number; noHook?: boolean }): V1Pod {
  return {
    metadata: { name, ...(o.deleting ? { deletionTimestamp: new Date(), deletionGracePeriodSeconds: 5 } : {}) },
    spec: {
      nodeName: 'w1',
      containers: [{ name: 'app', image: 'i', ...(o.noHook ? {} : { lifecycle: { preStop: { sleep: { seconds: 3 } } } }) }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          image: 'i',
          imageID: '',
          ready: o.ready,
          restartCount: 0,
          state: o.exit !== undefined ? { terminated: { exitCode: o.exit } } : { running: {} },
        },
      ],
    },
  } as V1Pod;
}

const unhealthy = (name: string): CoreV1Event =>
  ({
    metadata: {},
    involvedObject: { kind: 'Pod', name },
    reason: 'Unhealthy',
    message: 'Readiness probe failed: connect: connection refused',
  }) as CoreV1Event;

/**
 * The kube timeline of web-old's termination as KubeTimeline builds it from watches delivered at
 * these times (ms): deletion at 12 s, EndpointSlice ready=false at 12.2 s, exit 137 seen at 17.6 s;
 * a readiness failure reported at `unhealthyAt`. web-stay serves throughout.
 */
function kubeTimeline(o: { unhealthyAt?: number; noHook?: boolean; exit?: number }): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const add = (t: number, events: PodEvent[]) => out.push(...events.map((e) => ({ t, ...e })));
  let mem: PodMemory | undefined;
  for (const [t, p] of [
    [-5000, pod('web-old', { ready: true, ...o })],
    [12_000, pod('web-old', { ready: true, deleting: true, ...o })],
    [17_600, pod('web-old', { ready: false, deleting: true, exit: o.exit ?? 137, ...o })],
  ] as const) {
    const step = podTransitions(mem, p, false, t);
    mem = step.mem;
    add(t, step.events);
  }
  const ep = (pod: string, ready: boolean): [string, EndpointState] => [pod, { pod, ready, serving: ready, terminating: !ready }];
  add(-4000, diffEndpoints(new Map(), new Map([ep('web-old', true), ep('web-stay', true)])));
  add(12_200, diffEndpoints(new Map([ep('web-old', true), ep('web-stay', true)]), new Map([ep('web-old', false), ep('web-stay', true)])));
  if (o.unhealthyAt !== undefined) add(o.unhealthyAt, [probeFailure(unhealthy('web-old'))!]);
  return out;
}

const pinned = () => [...answers(14_000, 16_900), r(16_990, 'ECONNRESET', { conn: 7, ms: 15 })];

describe("diagnosis from a real cluster's timeline (inferred SIGTERM and SIGKILL, Unhealthy events)", () => {
  it('shell-entrypoint: the inferred kill at deletion + 5 s and no readiness failure after SIGTERM: sigterm-ignored', () => {
    const c = causeOf(kubeTimeline({}), pinned());
    expect(c).toMatchObject({ cause: 'sigterm-ignored', pod: 'web-old' });
    expect(c.detail).toContain('SIGTERM inferred from the deletion and the preStop sleep');
  });

  it('a kubeconfig that cannot list Events (no Unhealthy) and an app that stopped serving at SIGTERM: unknown, naming what is missing', () => {
    const drained = [...answers(14_000, 15_000), r(14_500, 'ECONNRESET', { conn: 8, ms: 2500 })];
    const c = causeOf(kubeTimeline({}), drained);
    expect(c).toMatchObject({ cause: 'unknown', pod: 'web-old' });
    expect(c.detail).toContain('pod web-old answered no request sent 1.0 s or more after SIGTERM');
    // the same drained app with the Unhealthy event listed: the app was draining
    expect(causeOf(kubeTimeline({ unhealthyAt: 15_800 }), drained).cause).toBe('grace-exceeded');
  });

  it('keepalive: the same records, a readiness failure reported 0.8 s after the inferred SIGTERM: keepalive-not-closed', () => {
    expect(causeOf(kubeTimeline({ unhealthyAt: 15_800 }), pinned()).cause).toBe('keepalive-not-closed');
    // the same Unhealthy event reported after the kill is no reaction
    expect(causeOf(kubeTimeline({ unhealthyAt: 17_300 }), pinned()).cause).toBe('sigterm-ignored');
  });

  it('short-grace: long requests sent before SIGTERM, reset at the kill, the app draining: grace-exceeded', () => {
    const records = [
      r(13_000, 200, { conn: 8, ms: 900 }),
      r(12_500, 'ECONNRESET', { conn: 8, ms: 4510 }),
      r(11_200, 'ECONNRESET', { conn: 9, ms: 5810 }),
    ];
    expect(causeOf(kubeTimeline({ unhealthyAt: 15_900 }), records)).toMatchObject({ cause: 'grace-exceeded', count: 2 });
  });

  it('exec-entrypoint: refused before the slice dropped the pod and SYNs unanswered shortly after it: propagation-race', () => {
    const records = [12_100, 12_150]
      .map((t) => r(t, 'ECONNREFUSED', { pod: '', fresh: true, ms: 1, stream: 'new-connection' }))
      .concat([13_000, 14_500].map((t) => r(t, 'ECONNTIMEOUT', { pod: '', fresh: true, ms: 2000, stream: 'new-connection' })));
    const c = causeOf(kubeTimeline({ noHook: true, exit: 0 }), records);
    expect(c).toMatchObject({ cause: 'propagation-race', pod: 'web-old', count: 4 });
  });
});
