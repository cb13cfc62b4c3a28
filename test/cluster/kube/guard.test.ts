import type { AddressInfo } from 'node:net';
import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/cluster/kube/kube-clients.ts';
import { drainableGuard, schedulableNode } from '../../../src/cluster/kube/node-filter.ts';
import {
  contextRefusal,
  guardCluster,
  guardContext,
  isKindContext,
  kindNodesRefusal,
} from '../../../src/cluster/providers/kubeconfig/context-guard.ts';
import { ZerodropError } from '../../../src/errors/zerodrop-error.ts';
import { parseTarget } from '../../../src/util/host-port.ts';
import { fakeApiServer, kubeConfigFor } from './fake-api-server.ts';

describe('kubeconfig context guard', () => {
  it('allows kind contexts and clusters', () => {
    expect(isKindContext('kind-zerodrop', 'kind-zerodrop')).toBe(true);
    expect(isKindContext('dev', 'kind-dev')).toBe(true);
    expect(contextRefusal('kind-zerodrop', 'kind-zerodrop')).toBeUndefined();
  });

  it('refuses any other context unless --allow-context names it exactly', () => {
    expect(contextRefusal('prod-eu', 'gke_prod')).toBe('context "prod-eu" (cluster "gke_prod") is not a kind cluster');
    expect(contextRefusal('prod-eu', 'gke_prod', 'prod-eu')).toBeUndefined();
    expect(contextRefusal('prod-eu', 'gke_prod', 'prod')).toMatch(/--allow-context names "prod"/);
    expect(contextRefusal('mykind', 'mykind')).toBeDefined(); // "kind" inside a name is not a kind cluster
  });

  it('throws one line on --context with the way out', () => {
    let err: unknown;
    try {
      guardContext('staging', 'eks-staging');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZerodropError);
    const line = (err as ZerodropError).oneLine();
    expect(line).toContain('--context: refusing to use context "staging"');
    expect(line).toContain('--allow-context staging');
    expect(line).not.toContain('\n');
  });
});

describe('node guard', () => {
  const node = (labels: Record<string, string>, spec: V1Node['spec'] = {}, ready = 'True'): V1Node =>
    ({ metadata: { name: 'n', labels }, spec, status: { conditions: [{ type: 'Ready', status: ready }] } }) as V1Node;

  it('lets only nodes labelled zerodrop.dev/drainable=true be cordoned', () => {
    expect(drainableGuard(node({ 'zerodrop.dev/drainable': 'true' }))).toBeUndefined();
    expect(drainableGuard(node({ 'zerodrop.dev/drainable': 'yes' }))).toMatch(/not labelled zerodrop.dev\/drainable=true/);
    expect(drainableGuard(node({}))).toBeDefined();
  });

  it('counts only ready, uncordoned, untainted nodes as schedulable', () => {
    expect(schedulableNode(node({}))).toBe(true);
    expect(schedulableNode(node({}, { unschedulable: true }))).toBe(false);
    expect(schedulableNode(node({}, { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }))).toBe(false);
    expect(schedulableNode(node({}, {}, 'False'))).toBe(false);
  });
});

describe('--target', () => {
  it('parses host:port and [v6]:port, and rejects the rest', () => {
    expect(parseTarget('10.0.0.5:30080')).toEqual({ host: '10.0.0.5', port: 30080 });
    expect(parseTarget('[fd00::1]:31000')).toEqual({ host: 'fd00::1', port: 31000 });
    expect(() => parseTarget('10.0.0.5')).toThrow(/not host:port/);
    expect(() => parseTarget('h:70000')).toThrow(ZerodropError);
  });
});

describe('cluster identity guard (what the cluster is, not what the context is called)', () => {
  const n = (name: string, providerID?: string): V1Node => ({ metadata: { name }, spec: providerID ? { providerID } : {} }) as V1Node;

  it('accepts only clusters whose every node has a kind:// providerID', () => {
    expect(kindNodesRefusal([n('a', 'kind://docker/zerodrop/a'), n('b', 'kind://docker/zerodrop/b')])).toBeUndefined();
    expect(kindNodesRefusal([n('a', 'kind://docker/zerodrop/a'), n('b', 'aws:///eu-west-1a/i-0abc')])).toBe(
      'node b is not a kind node (spec.providerID "aws:///eu-west-1a/i-0abc")',
    );
    expect(kindNodesRefusal([n('a')])).toMatch(/providerID is empty/);
    expect(kindNodesRefusal([])).toMatch(/no nodes/);
  });

  async function guardAgainst(nodes: V1Node[], context: string, allowContext?: string): Promise<unknown> {
    const api = await fakeApiServer((r) =>
      r.url.startsWith('/api/v1/nodes')
        ? { status: 200, body: { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: nodes } }
        : undefined,
    );
    try {
      const port = (api.server.address() as AddressInfo).port;
      const clients = makeClients(kubeConfigFor(`http://127.0.0.1:${port}`, context, context));
      return await guardCluster(clients, allowContext).then(
        () => 'allowed',
        (e: unknown) => e,
      );
    } finally {
      await api.close();
    }
  }

  it("refuses a context named kind-* whose nodes are a cloud provider's, unless --allow-context names it", async () => {
    const eks = [n('ip-10-0-0-1', 'aws:///eu-west-1a/i-0abc')];
    const err = await guardAgainst(eks, 'kind-prod');
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).oneLine()).toContain(
      'refusing to use context "kind-prod" (cluster "kind-prod"): node ip-10-0-0-1 is not a kind node',
    );
    expect((err as ZerodropError).oneLine()).toContain('--allow-context kind-prod');
    expect(await guardAgainst(eks, 'kind-prod', 'kind-prod')).toBe('allowed');
    expect(await guardAgainst([n('w1', 'kind://docker/zerodrop/w1')], 'kind-zerodrop')).toBe('allowed');
  });

  it('says the API server is unreachable rather than guessing', async () => {
    const clients = makeClients(kubeConfigFor('http://127.0.0.1:1', 'kind-gone', 'kind-gone'));
    await expect(guardCluster(clients)).rejects.toThrow(/not reachable/);
  });
});
