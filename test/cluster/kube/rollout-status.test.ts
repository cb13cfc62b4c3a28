import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { rolloutComplete, settled } from '../../../src/cluster/kube/rollout-status.ts';

function dep(generation: number, status: V1Deployment['status'], replicas = 2): V1Deployment {
  return { metadata: { name: 'd', generation }, spec: { replicas, selector: {}, template: {} }, status } as V1Deployment;
}
function pod(name: string, ready: boolean, deleting = false, phase = 'Running'): V1Pod {
  return {
    metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as V1Pod;
}

describe('rolloutComplete', () => {
  it('waits for the controller to observe the new generation', () => {
    const r = rolloutComplete(dep(3, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }));
    expect(r.done).toBe(false);
    expect(r.waiting).toMatch(/generation 3/);
  });
  it('waits for updated replicas, then for old replicas to go, then for availability', () => {
    expect(rolloutComplete(dep(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2 })).waiting).toMatch(
      /1 of 2 replicas updated/,
    );
    expect(rolloutComplete(dep(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 })).waiting).toMatch(
      /1 old replicas/,
    );
    expect(rolloutComplete(dep(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 })).waiting).toMatch(
      /1 of 2 updated replicas available/,
    );
  });
  it('is complete when observed, updated, available and no old replicas', () => {
    expect(rolloutComplete(dep(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }))).toEqual({
      done: true,
    });
  });
  it('fails at once on ProgressDeadlineExceeded', () => {
    const r = rolloutComplete(
      dep(2, {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "d-1" has timed out progressing.',
          },
        ],
      }),
    );
    expect(r.failed).toMatch(/progress deadline.*timed out/);
  });
  it('defaults spec.replicas to 1', () => {
    const d = dep(1, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 });
    delete d.spec!.replicas;
    expect(rolloutComplete(d).done).toBe(true);
  });
});

describe('settled', () => {
  const ok = dep(1, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  it('is done with all replicas available and ready, none terminating', () => {
    expect(settled(ok, [pod('a', true), pod('b', true), pod('old', false, false, 'Succeeded')]).done).toBe(true);
  });
  it('waits while a pod terminates, even with enough available replicas', () => {
    const r = settled(ok, [pod('a', true), pod('b', true), pod('c', true, true)]);
    expect(r).toEqual({ done: false, waiting: 'pods terminating: c' });
  });
  it('waits for availability and for the pod count to match', () => {
    expect(settled(dep(1, { observedGeneration: 1, replicas: 2, availableReplicas: 1 }), [pod('a', true), pod('b', false)]).done).toBe(
      false,
    );
    expect(settled(ok, [pod('a', true), pod('b', true), pod('c', false)]).waiting).toMatch(/2 of 3 pods ready/);
  });
});
