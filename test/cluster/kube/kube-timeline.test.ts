import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/cluster/kube/kube-clients.ts';
import { KubeTimeline } from '../../../src/cluster/kube/kube-timeline.ts';
import type { TimelineEvent } from '../../../src/timeline/types.ts';
import { kubeConfigFor } from './fake-api-server.ts';

type Kind = 'pods' | 'slices' | 'events';

/** A stand-in API server for three collections: lists from `state`, watches streamed by the test. */
function watchServer() {
  const state = { pods: [] as object[], slices: [] as object[], events: [] as object[], rv: 1 };
  const watchers: { kind: Kind; res: ServerResponse }[] = [];
  const lists: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const kind = (['pods', 'endpointslices', 'events'] as const)
      .find((k) => url.pathname.endsWith(`/${k}`))
      ?.replace('endpointslices', 'slices') as Kind | undefined;
    if (!kind) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.searchParams.get('watch') === 'true') {
      const w: { kind: Kind; res: ServerResponse } = { kind, res };
      watchers.push(w);
      res.on('close', () => watchers.includes(w) && watchers.splice(watchers.indexOf(w), 1));
      res.write('\n'); // flush headers so the client sees the watch open
      return;
    }
    lists.push(kind);
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(state.rv) }, items: state[kind] }));
  });
  const send = (kind: Kind, type: string, object: object) => {
    for (const w of watchers.filter((x) => x.kind === kind && !x.res.writableEnded)) w.res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const closeWatches = () => {
    for (const w of watchers.splice(0)) w.res.end();
  };
  return { server, state, send, closeWatches, lists, watchers };
}

let rv = 10;
function pod(name: string, o: { ready?: boolean; deleting?: boolean; exit?: number } = {}) {
  return {
    metadata: {
      name,
      resourceVersion: String(++rv),
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:05Z', deletionGracePeriodSeconds: 5 } : {}),
    },
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
          restartCount: 0,
          state: o.exit !== undefined ? { terminated: { exitCode: o.exit } } : { running: {} },
        },
      ],
    },
  };
}
function slice(eps: [string, boolean, boolean][]) {
  return {
    addressType: 'IPv4',
    metadata: { name: 'web-abc', resourceVersion: String(++rv) },
    endpoints: eps.map(([p, ready, terminating]) => ({
      addresses: ['10.0.0.1'],
      nodeName: 'w1',
      targetRef: { kind: 'Pod', name: p },
      conditions: { ready, serving: ready || terminating, terminating },
    })),
  };
}

describe('KubeTimeline (pod and EndpointSlice watches, stand-in API server)', () => {
  const fake = watchServer();
  const events: TimelineEvent[] = [];
  let tl: KubeTimeline;
  const kinds = () => events.map((e) => `${e.kind}:${e.pod}`);
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 100 && !pred(); i++) await sleep(20);
    expect(pred()).toBe(true);
  };

  beforeAll(async () => {
    fake.state.pods = [pod('a', { ready: true })];
    fake.state.slices = [slice([['a', true, false]])];
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    const clients = makeClients(kubeConfigFor(`http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`));
    tl = new KubeTimeline({
      clients,
      namespace: 'ns',
      podSelector: 'app=web',
      service: 'web',
      sink: { emit: (e) => events.push({ t: Date.now(), ...e }) },
    });
    await tl.start();
    await until(() => fake.watchers.length === 3);
  });
  afterAll(() => {
    tl.stop();
    fake.closeWatches();
    fake.server.close();
  });

  it('reports what the first list shows', () => {
    expect(kinds()).toEqual(['pod-created:a', 'pod-ready:a', 'endpoint-added:a']);
    expect(tl.endpointStates().get('a')?.ready).toBe(true);
  });

  it('follows watch events: deletion, endpoint turning terminating, exit', async () => {
    events.length = 0;
    fake.send('pods', 'MODIFIED', pod('a', { deleting: true }));
    fake.send('slices', 'MODIFIED', slice([['a', false, true]]));
    fake.send('pods', 'MODIFIED', pod('a', { deleting: true, exit: 137 }));
    await until(() => events.length >= 6);
    // The watches are separate streams: order holds within each, not across them.
    expect(kinds().filter((k) => !k.startsWith('endpoint'))).toEqual([
      'pod-unready:a',
      'pod-deleted:a',
      'sigterm:a',
      'exit:a',
      'sigkill:a',
    ]);
    expect(events.find((e) => e.kind === 'sigterm')?.detail).toBe('inferred: deletion + preStop sleep 0s');
    expect(kinds().filter((k) => k.startsWith('endpoint'))).toEqual(['endpoint-removed:a']);
    expect(events.find((e) => e.kind === 'endpoint-removed')?.detail).toBe('ready=false serving=true terminating=true');
  });

  it("turns the kubelet's Unhealthy events of known pods into probe-failed, each count bump again; other events and pods are ignored", async () => {
    events.length = 0;
    const unhealthy = (
      name: string,
      count: number,
      message = 'Readiness probe failed: Get "http://10.0.0.1:8080/readyz": connect: connection refused',
    ) => ({
      metadata: { name: `${name}.1`, resourceVersion: String(++rv) },
      involvedObject: { kind: 'Pod', name },
      reason: 'Unhealthy',
      message,
      count,
      source: { component: 'kubelet', host: 'w1' },
    });
    fake.send('events', 'ADDED', unhealthy('a', 1));
    fake.send('events', 'MODIFIED', unhealthy('a', 2));
    fake.send('events', 'ADDED', unhealthy('stranger', 1));
    fake.send('events', 'ADDED', { ...unhealthy('a', 1), reason: 'Killing', message: 'Stopping container app' });
    await until(() => events.length >= 2);
    await sleep(100);
    expect(events.map((e) => `${e.kind}:${e.pod}:${e.node}`)).toEqual(['probe-failed:a:w1', 'probe-failed:a:w1']);
    expect(events[0].detail).toBe('readiness: Get "http://10.0.0.1:8080/readyz": connect: connection refused');
  });

  it('relists after 410 Gone and reports what happened meanwhile, deletions included', async () => {
    fake.send('pods', 'ADDED', pod('c', { ready: true }));
    await until(() => kinds().includes('pod-ready:c'));
    events.length = 0;
    const listsBefore = fake.lists.length;
    fake.state.pods = [pod('b', { ready: true })];
    fake.state.slices = [slice([['b', true, false]])];
    fake.state.rv = 99;
    const gone = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' };
    fake.send('pods', 'ERROR', gone);
    fake.send('slices', 'ERROR', gone);
    await until(() => fake.lists.length >= listsBefore + 2 && events.length >= 3);
    await until(() => kinds().includes('pod-deleted:c') && kinds().includes('endpoint-added:b'));
    expect(kinds()).toEqual(expect.arrayContaining(['pod-created:b', 'pod-ready:b', 'endpoint-added:b', 'pod-unready:c', 'pod-deleted:c']));
    expect(events.some((e) => e.kind === 'endpoint-removed')).toBe(false); // a was already removed
    await until(() => fake.watchers.length === 3);
  });
});
