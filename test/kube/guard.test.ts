import { describe, expect, it } from 'vitest';
import { contextRefusal, guardContext, isKindContext, parseTarget } from '../../src/cluster/providers/kubeconfig/context-guard.ts';
import { drainableGuard, schedulableNode } from '../../src/cluster/providers/kube/node-filter.ts';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import type { V1Node } from '@kubernetes/client-node';

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
