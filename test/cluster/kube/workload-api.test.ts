import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObject } from '../../../src/cluster/kube/apply-object.ts';
import { makeClients, probeApiServer } from '../../../src/cluster/kube/kube-clients.ts';
import { KubeTimeline } from '../../../src/cluster/kube/kube-timeline.ts';
import { KubeWorkload, RESTARTED_AT } from '../../../src/cluster/kube/kube-workload.ts';
import { drainableGuard } from '../../../src/cluster/kube/node-filter.ts';
import { ZerodropError } from '../../../src/errors/zerodrop-error.ts';
import { fakeApiServer, kubeConfigFor, type Recorded } from './fake-api-server.ts';

const PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

function node(name: string, labels: Record<string, string> = {}) {
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: { name, labels },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function handler(r: Recorded) {
  if (r.url.endsWith('/pods/blocked/eviction')) {
    return {
      status: 429,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'TooManyRequests',
        code: 429,
        message: PDB_MESSAGE,
        details: {
          causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 1 healthy pods and has 1 currently' }],
        },
      },
    };
  }
  if (r.url.endsWith('/pods/free/eviction'))
    return { status: 201, body: { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'free' } } };
  if (r.url.endsWith('/pods/broken/eviction')) return { status: 500, body: { kind: 'Status', code: 500, message: 'etcd is sad' } };
  if (r.method === 'GET' && r.url === '/api/v1/nodes')
    return {
      status: 200,
      body: { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node('w2'), node('w1', { 'zerodrop.dev/drainable': 'true' })] },
    };
  if (r.method === 'GET' && r.url === '/api/v1/nodes/w1') {
    // As the node lifecycle controller leaves it once it has seen a cordon.
    return {
      status: 200,
      body: {
        ...node('w1', { 'zerodrop.dev/drainable': 'true' }),
        spec: { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
      },
    };
  }
  if (r.method === 'GET' && r.url === '/api/v1/nodes/w2') return { status: 200, body: node('w2') };
  if (r.method === 'PATCH')
    return { status: 200, body: { kind: r.url.includes('nodes') ? 'Node' : 'Deployment', metadata: { name: 'x' } } };
  return undefined;
}

describe('KubeWorkload against a stand-in API server', () => {
  let api: Awaited<ReturnType<typeof fakeApiServer>>;
  let w: KubeWorkload;

  beforeAll(async () => {
    api = await fakeApiServer(handler);
    const timeline = new KubeTimeline({
      clients: api.clients,
      namespace: 'ns',
      podSelector: 'app=web',
      service: 'web',
      sink: { emit: () => undefined },
    });
    w = new KubeWorkload({
      clients: api.clients,
      namespace: 'ns',
      deployment: 'web',
      podSelector: 'app=web',
      target: { host: '127.0.0.1', port: 1 },
      timeline,
      nodeGuard: drainableGuard,
    });
  });
  afterAll(() => api.close());

  it('maps an eviction answered 429 to { ok: false, status: 429, reason }', async () => {
    expect(await w.evict('blocked')).toEqual({ ok: false, status: 429, reason: PDB_MESSAGE });
    const req = api.requests.find((r) => r.url.endsWith('/pods/blocked/eviction'))!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/v1/namespaces/ns/pods/blocked/eviction');
    expect(JSON.parse(req.body)).toMatchObject({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'blocked', namespace: 'ns' },
    });
  });

  it('returns ok for an accepted eviction and a one-line error for other failures', async () => {
    expect(await w.evict('free')).toEqual({ ok: true });
    const err = await w.evict('broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as Error).message).toBe('evict pod broken: HTTP 500: etcd is sad');
  });

  it('restarts with a strategic-merge patch of the restartedAt template annotation', async () => {
    await w.restart();
    const req = api.requests.find((r) => r.method === 'PATCH' && r.url.includes('/deployments/web'))!;
    expect(req.url).toBe('/apis/apps/v1/namespaces/ns/deployments/web');
    expect(req.contentType).toBe('application/strategic-merge-patch+json');
    const stamp = JSON.parse(req.body).spec.template.metadata.annotations[RESTARTED_AT];
    expect(Math.abs(Date.parse(stamp) - Date.now())).toBeLessThan(5000);
  });

  it('cordons a labelled node by patching spec.unschedulable, and refuses an unlabelled one', async () => {
    await w.cordon('w1', true);
    const req = api.requests.find((r) => r.method === 'PATCH' && r.url === '/api/v1/nodes/w1')!;
    // The cordon names its owner, so `zerodrop cleanup` can undo it should this process die.
    const body = JSON.parse(req.body) as { spec: unknown; metadata: { annotations: Record<string, string> } };
    expect(body.spec).toEqual({ unschedulable: true });
    expect(body.metadata.annotations['zerodrop.dev/cordoned-by']).toMatch(new RegExp(`^${hostname()}/${process.pid}:\\d+$`));
    await expect(w.cordon('w2', true)).rejects.toThrow('refusing to cordon node w2: it is not labelled zerodrop.dev/drainable=true');
    expect(api.requests.some((r) => r.method === 'PATCH' && r.url === '/api/v1/nodes/w2')).toBe(false);
  });

  it('lists only the nodes its guard lets it cordon', async () => {
    expect(await w.nodes()).toEqual(['w1']);
  });

  it('applies objects server-side as field manager zerodrop', async () => {
    await applyObject(api.clients, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { replicas: 2 },
    });
    const req = api.requests
      .filter((r) => r.method === 'PATCH' && r.url.startsWith('/apis/apps/v1/namespaces/ns/deployments/web?'))
      .at(-1)!;
    expect(req.contentType).toBe('application/apply-patch+yaml');
    expect(new URL(req.url, 'http://x').searchParams.get('fieldManager')).toBe('zerodrop');
    expect(new URL(req.url, 'http://x').searchParams.get('force')).toBe('true');
    expect(JSON.parse(req.body)).toMatchObject({ kind: 'Deployment', spec: { replicas: 2 } });
  });
});

describe('unreachable API server', () => {
  it('fails the probe with one line naming the server and context', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as AddressInfo;
    await new Promise<void>((r) => srv.close(() => r())); // nothing listens there now
    const clients = makeClients(kubeConfigFor(`http://127.0.0.1:${port}`, 'kind-gone'));
    const err = await probeApiServer(clients, 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    const line = (err as ZerodropError).oneLine();
    expect(line).toContain(`API server http://127.0.0.1:${port} (context kind-gone) is not reachable: ECONNREFUSED`);
    expect(line.includes('\n')).toBe(false);
  });

  it('times out on a server that accepts but never answers', async () => {
    const srv = createServer(() => undefined);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as AddressInfo;
    const t0 = Date.now();
    const err = await probeApiServer(makeClients(kubeConfigFor(`http://127.0.0.1:${port}`)), 500).catch((e: unknown) => e);
    srv.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((err as Error).message).toMatch(/is not reachable: timeout/);
  });
});
