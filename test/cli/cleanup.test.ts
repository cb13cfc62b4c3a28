import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../src/cluster/kube/kube-clients.ts';
import { sweepKubeLeftovers } from '../../src/cluster/kube/kube-leftovers.ts';
import { hostOwnerMarker } from '../../src/util/process-identity.ts';
import { fakeApiServer } from '../cluster/kube/fake-api-server.ts';
import { runCli } from './run-cli.ts';

/** The marker of a zerodrop process on this host that has exited (a real pid, now free). */
function deadOwner(): string {
  const pid = spawnSync('true').pid;
  return `${hostname()}/${pid}:1`;
}

const ns = (name: string, owner?: string) => ({
  metadata: {
    name,
    labels: { 'zerodrop.dev/run': 'r' },
    annotations: (owner ? { 'zerodrop.dev/owner': owner } : {}) as Record<string, string>,
  },
});
const node = (name: string, cordonedBy?: string) => ({
  metadata: { name, annotations: cordonedBy ? { 'zerodrop.dev/cordoned-by': cordonedBy } : {} },
  spec: { unschedulable: true },
});

const deployment = (namespace: string, name: string, scaledBy?: string) => ({
  metadata: {
    name,
    namespace,
    annotations: scaledBy ? { 'zerodrop.dev/scaled-from': JSON.stringify({ replicas: 3, owner: scaledBy }) } : {},
  },
  spec: { replicas: 2 },
});

describe('cleanup of a cluster (stand-in API server)', () => {
  it('deletes only namespaces, cordons and scale-downs of dead zerodrop processes on this host', async () => {
    const dead = deadOwner();
    const api = await fakeApiServer((r) => {
      if (r.method === 'GET' && r.url.startsWith('/api/v1/namespaces?')) {
        expect(r.url).toContain('labelSelector=zerodrop.dev%2Frun');
        return {
          status: 200,
          body: {
            kind: 'NamespaceList',
            apiVersion: 'v1',
            metadata: {},
            items: [
              ns('zerodrop-crashed', dead),
              ns('zerodrop-live', hostOwnerMarker()),
              ns('zerodrop-old'),
              ns('zerodrop-elsewhere', 'other-host/1:1'),
            ],
          },
        };
      }
      if (r.method === 'GET' && r.url.startsWith('/api/v1/nodes')) {
        return {
          status: 200,
          body: { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node('w1', dead), node('w2', hostOwnerMarker()), node('w3')] },
        };
      }
      if (r.method === 'GET' && r.url.startsWith('/apis/apps/v1/deployments')) {
        return {
          status: 200,
          body: {
            kind: 'DeploymentList',
            apiVersion: 'apps/v1',
            metadata: {},
            items: [deployment('shop', 'web', dead), deployment('shop', 'api', hostOwnerMarker()), deployment('shop', 'db')],
          },
        };
      }
      if (r.method === 'DELETE' || r.method === 'PATCH') return { status: 200, body: { kind: 'Status', metadata: {} } };
      return undefined;
    });
    try {
      const r = await sweepKubeLeftovers(api.clients);
      expect(r.removed).toEqual(['namespace zerodrop-crashed', 'uncordoned node w1', 'scaled deployment shop/web back to 3 replicas']);
      expect(r.kept).toHaveLength(5);
      const writes = api.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.url}`);
      expect(writes).toEqual([
        'DELETE /api/v1/namespaces/zerodrop-crashed',
        'PATCH /api/v1/nodes/w1',
        'PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale',
        'PATCH /apis/apps/v1/namespaces/shop/deployments/web',
      ]);
      const patches = api.requests.filter((q) => q.method === 'PATCH').map((q) => JSON.parse(q.body));
      expect(patches).toEqual([
        { metadata: { annotations: { 'zerodrop.dev/cordoned-by': null } }, spec: { unschedulable: false } },
        { spec: { replicas: 3 } },
        { metadata: { annotations: { 'zerodrop.dev/scaled-from': null } } },
      ]);
    } finally {
      await api.close();
    }
  });
});

const KIND = process.env.ZERODROP_KIND_E2E === '1';
const KUBECONFIG = '/root/.cache/zerodrop/kubeconfig-zerodrop';

describe.skipIf(!KIND)('zerodrop cleanup on the kind cluster', () => {
  const core = KIND ? loadKubeConfig({ kubeconfig: KUBECONFIG, context: 'kind-zerodrop' }).makeApiClient(CoreV1Api) : undefined!;
  const names = ['zerodrop-cleanup-test-dead', 'zerodrop-cleanup-test-live'];
  afterAll(async () => {
    for (const name of names) await core.deleteNamespace({ name }).catch(() => undefined);
  });

  it("removes the namespace of a dead run, leaves a live run's and everything else alone", async () => {
    await core.createNamespace({ body: ns(names[0], deadOwner()) });
    await core.createNamespace({ body: ns(names[1], hostOwnerMarker()) });
    const before = (await core.listNamespace()).items.map((n) => n.metadata?.name).filter((n) => !names.includes(n!));
    const r = await runCli(['cleanup'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed namespace ${names[0]} (context kind-zerodrop)`);
    expect(r.stdout).toContain(`left alone: namespace ${names[1]}`);
    const dead = await core.readNamespace({ name: names[0] }).catch(() => undefined);
    expect(dead === undefined || dead.status?.phase === 'Terminating').toBe(true);
    expect((await core.readNamespace({ name: names[1] })).status?.phase).toBe('Active');
    const after = (await core.listNamespace()).items.map((n) => n.metadata?.name).filter((n) => !names.includes(n!));
    expect(after).toEqual(expect.arrayContaining(before.filter((n) => !n!.startsWith('zerodrop-'))));
  }, 90_000);
});
