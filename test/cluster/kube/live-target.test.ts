import type { V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { selectorMatches, serviceSelects } from '../../../src/cluster/kube/live-target.ts';

const svc = (selector?: Record<string, string>): V1Service => ({ metadata: { name: 's' }, spec: { selector } });
const labels = { app: 'web', tier: 'front', 'pod-template-hash': 'abc' };

describe("what selects a live Deployment's pods", () => {
  it('a Service selects pods carrying every label of its selector; one without a selector selects none', () => {
    expect(serviceSelects(svc({ app: 'web' }), labels)).toBe(true);
    expect(serviceSelects(svc({ app: 'web', tier: 'front' }), labels)).toBe(true);
    expect(serviceSelects(svc({ app: 'web', tier: 'back' }), labels)).toBe(false);
    expect(serviceSelects(svc({ app: 'api' }), labels)).toBe(false);
    expect(serviceSelects(svc(undefined), labels)).toBe(false);
    expect(serviceSelects(svc({}), labels)).toBe(false);
  });

  it('a label selector with matchLabels and matchExpressions, as PodDisruptionBudgets carry them', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, labels)).toBe(false);
    expect(
      selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels),
    ).toBe(false);
    // An empty selector matches every pod (a PDB with `selector: {}`); none matches nothing.
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});
