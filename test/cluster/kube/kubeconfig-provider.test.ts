import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeconfigProvider } from '../../../src/cluster/providers/kubeconfig/kubeconfig-provider.ts';
import { resolveLoadPlan } from '../../../src/load/index.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import type { Scenario } from '../../../src/scenario/types.ts';
import { fakeApiServer } from './fake-api-server.ts';

function node(name: string, ip: string, labels: Record<string, string> = {}) {
  return {
    metadata: { name, labels },
    spec: { providerID: `kind://docker/zerodrop/${name}` },
    status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: ip }] },
  };
}

/** A kubeconfig file with a kind context and a non-kind one, both pointing at `server`. */
function kubeconfigFile(server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zerodrop-kc-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: staging
clusters:
  - name: eks-staging
    cluster: { server: "${server}", insecure-skip-tls-verify: true }
  - name: kind-zerodrop
    cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
  - name: u
    user: { token: t }
contexts:
  - name: staging
    context: { cluster: eks-staging, user: u }
  - name: kind-zerodrop
    context: { cluster: kind-zerodrop, user: u }
`,
  );
  return file;
}

describe('KubeconfigProvider guard and dry run (stand-in API server)', () => {
  let api: Awaited<ReturnType<typeof fakeApiServer>>;
  let file: string;
  let scenario: Scenario;

  beforeAll(async () => {
    api = await fakeApiServer((r) => {
      if (r.url.startsWith('/version')) return { status: 200, body: { major: '1', minor: '34', gitVersion: 'v1.34.4' } };
      if (r.url.startsWith('/api/v1/nodes')) {
        return {
          status: 200,
          body: {
            kind: 'NodeList',
            apiVersion: 'v1',
            metadata: {},
            items: [node('w1', '10.0.0.11', { 'zerodrop.dev/drainable': 'true' }), node('w2', '10.0.0.12')],
          },
        };
      }
      return undefined;
    });
    file = kubeconfigFile(`http://127.0.0.1:${(api.server.address() as AddressInfo).port}`);
    scenario = await readScenario(findScenarioRoot(), 'prestop-sleep');
  });
  afterAll(() => api.close());

  it('refuses the non-kind current context before any request', async () => {
    const before = api.requests.length;
    const p = new KubeconfigProvider({ kubeconfig: file });
    await expect(p.up()).rejects.toThrow('refusing to use context "staging" (cluster "eks-staging") is not a kind cluster');
    expect(api.requests.length).toBe(before);
  });

  it('accepts a kind context, and a non-kind one named by --allow-context', async () => {
    const kind = new KubeconfigProvider({ kubeconfig: file, context: 'kind-zerodrop' });
    await kind.up();
    expect(kind.notes()).toEqual(['real cluster: context kind-zerodrop, Kubernetes v1.34.4']);
    const allowed = new KubeconfigProvider({ kubeconfig: file, allowContext: 'staging' });
    await allowed.up();
    expect(allowed.notes().join(' ')).toContain('allowed by --allow-context');
  });

  it('dry run lists the actions, changes nothing, and refuses to deploy', async () => {
    const p = new KubeconfigProvider({
      kubeconfig: file,
      allowContext: 'staging',
      dryRun: true,
      run: 'r1',
      image: 'registry.example/app:1',
    });
    await p.up();
    const before = api.requests.length;
    const plan = await p.plan(scenario, ['rollout', 'drain'], resolveLoadPlan(scenario.load));
    expect(api.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    expect(plan[0]).toMatch(/^use context staging \(http:\/\/127\.0\.0\.1:\d+, Kubernetes v1\.34\.4\)$/);
    expect(plan).toContain('server-side apply Namespace zerodrop-r1-prestop-sleep (field manager zerodrop)');
    expect(plan).toContain('server-side apply Deployment zerodrop-r1-prestop-sleep/prestop-sleep (image registry.example/app:1)');
    expect(plan).toContain("send load from this host to 10.0.0.11:<NodePort the API server assigns> (the Service's NodePort)");
    expect(
      plan.some((l) =>
        l.startsWith('rollout: patch zerodrop-r1-prestop-sleep/prestop-sleep pod template annotation kubectl.kubernetes.io/restartedAt'),
      ),
    ).toBe(true);
    expect(plan.find((l) => l.startsWith('drain:'))).toMatch(/cordon one of \[w1\]/);
    expect(plan.at(-1)).toBe('delete namespace zerodrop-r1-prestop-sleep and wait until it is gone');
    await expect(p.deploy(scenario, { emit: () => undefined })).rejects.toThrow('dry run: nothing is deployed');
    expect(api.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
  });
});
