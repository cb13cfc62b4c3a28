import type { V1EndpointSlice } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { diffEndpoints, mergeSlices, sliceEndpoints } from '../../../src/cluster/kube/slice-diff.ts';

type Cond = { ready?: boolean; serving?: boolean; terminating?: boolean };
function slice(eps: [pod: string, cond: Cond | undefined][]): V1EndpointSlice {
  return {
    addressType: 'IPv4',
    metadata: { name: 's' },
    endpoints: eps.map(([pod, conditions], i) => ({
      addresses: [`10.244.1.${i + 1}`],
      nodeName: 'w1',
      targetRef: { kind: 'Pod', name: pod },
      ...(conditions ? { conditions } : {}),
    })),
  } as V1EndpointSlice;
}
const view = (eps: [string, Cond | undefined][]) => sliceEndpoints(slice(eps));

describe('sliceEndpoints', () => {
  it('reads nil conditions as the API defines them', () => {
    const m = view([
      ['a', undefined],
      ['b', { ready: false }],
    ]);
    expect(m.get('a')).toEqual({ pod: 'a', node: 'w1', ready: true, serving: true, terminating: false });
    expect(m.get('b')).toMatchObject({ ready: false, serving: false, terminating: false });
  });
});

describe('diffEndpoints', () => {
  it('adds an endpoint when it turns ready, not while it is only listed as not ready', () => {
    const e1 = diffEndpoints(new Map(), view([['a', { ready: false, serving: false, terminating: false }]]));
    expect(e1).toEqual([]);
    const e2 = diffEndpoints(view([['a', { ready: false }]]), view([['a', { ready: true, serving: true, terminating: false }]]));
    expect(e2).toEqual([{ kind: 'endpoint-added', pod: 'a', node: 'w1', detail: 'ready=true serving=true terminating=false' }]);
  });

  it('removes an endpoint when it turns terminating, with the conditions in detail', () => {
    const before = view([
      ['a', { ready: true }],
      ['b', { ready: true }],
    ]);
    const after = view([
      ['a', { ready: true }],
      ['b', { ready: false, serving: true, terminating: true }],
    ]);
    expect(diffEndpoints(before, after)).toEqual([
      { kind: 'endpoint-removed', pod: 'b', node: 'w1', detail: 'ready=false serving=true terminating=true' },
    ]);
  });

  it('removes an endpoint that leaves the slice, once', () => {
    const before = view([
      ['a', { ready: true }],
      ['b', { ready: true }],
    ]);
    const mid = view([
      ['a', { ready: true }],
      ['b', { ready: false, serving: false, terminating: true }],
    ]);
    const after = view([['a', { ready: true }]]);
    expect(diffEndpoints(before, after)).toEqual([{ kind: 'endpoint-removed', pod: 'b', node: 'w1', detail: 'left the slice' }]);
    expect(diffEndpoints(mid, after)).toEqual([]);
  });

  it('merges slices: a pod ready in any slice is ready', () => {
    const merged = mergeSlices([
      view([['a', { ready: false }]]),
      view([
        ['a', { ready: true }],
        ['b', { ready: true }],
      ]),
    ]);
    expect([...merged.values()].filter((e) => e.ready).map((e) => e.pod)).toEqual(['a', 'b']);
  });
});
