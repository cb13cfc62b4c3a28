import type { V1Service } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClients } from '../../../src/cluster/kube/kube-clients.ts';
import { KubeClusterProvider } from '../../../src/cluster/kube/kube-provider.ts';
import { ZerodropError } from '../../../src/errors/zerodrop-error.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import { fakeApiServer, type Recorded } from './fake-api-server.ts';

/** A provider pinned to NodePort 30080, as kind is, talking to the stand-in API server. */
class PinnedProvider extends KubeClusterProvider {
  readonly name = 'kind' as const;
  private readonly c: KubeClients;
  constructor(c: KubeClients) {
    super({ run: 'r2' });
    this.c = c;
  }
  protected async connect() {
    return this.c;
  }
  protected async prepareImages() {
    return {};
  }
  protected fixedNodePort() {
    return 30080;
  }
  protected async resolveTarget(_svc: V1Service) {
    return { host: '127.0.0.1', port: 30080 };
  }
}

const taken = {
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  reason: 'Invalid',
  code: 422,
  message: 'Service "prestop-sleep" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
};

function handler(r: Recorded) {
  const path = r.url.split('?')[0];
  if (path === '/version') return { status: 200, body: { major: '1', minor: '34', gitVersion: 'v1.34.4' } };
  if (r.method === 'PATCH' && path.endsWith('/services/prestop-sleep')) return { status: 422, body: taken };
  if (r.method === 'PATCH') return { status: 200, body: JSON.parse(r.body) };
  if (r.method === 'GET' && path === '/api/v1/services') {
    return {
      status: 200,
      body: {
        kind: 'ServiceList',
        apiVersion: 'v1',
        metadata: {},
        items: [
          { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ port: 443 }] } },
          {
            metadata: { name: 'prestop-sleep', namespace: 'zerodrop-r1-prestop-sleep' },
            spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] },
          },
        ],
      },
    };
  }
  if (r.method === 'GET' && (path.endsWith('/pods') || path.endsWith('/endpointslices'))) {
    return { status: 200, body: { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] } };
  }
  if (r.method === 'DELETE' && path.startsWith('/api/v1/namespaces/')) return { status: 200, body: { kind: 'Status', status: 'Success' } };
  return undefined;
}

describe('deploy onto a pinned NodePort that another run holds', () => {
  let api: Awaited<ReturnType<typeof fakeApiServer>>;
  beforeAll(async () => {
    api = await fakeApiServer(handler);
  });
  afterAll(() => api.close());

  it('fails with one line naming the Service that holds the port, and deletes its namespace', async () => {
    const p = new PinnedProvider(api.clients);
    await p.up();
    const scenario = await readScenario(findScenarioRoot(), 'prestop-sleep');
    const err = await p.deploy(scenario, { emit: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).oneLine()).toBe(
      'NodePort 30080 (the one mapped to the host) is taken by Service zerodrop-r1-prestop-sleep/prestop-sleep (hint: another zerodrop run is using the cluster; wait for it to end)',
    );
    expect(api.requests.some((r) => r.method === 'DELETE' && r.url.startsWith('/api/v1/namespaces/zerodrop-r2-prestop-sleep'))).toBe(true);
  });
});
