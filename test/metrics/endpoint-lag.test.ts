import { describe, expect, it } from 'vitest';
import { endpointLags, evictionBlockedMs } from '../../src/metrics/endpoint-lag.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

describe('endpointLags', () => {
  it('measures pod-deleted to endpoint-removed per pod', () => {
    const events: TimelineEvent[] = [
      { t: 100, kind: 'endpoint-added', pod: 'a' },
      { t: 100, kind: 'endpoint-added', pod: 'b' },
      { t: 1000, kind: 'pod-deleted', pod: 'a' },
      { t: 1700, kind: 'endpoint-removed', pod: 'a' },
      { t: 1500, kind: 'endpoint-removed', pod: 'b' },
      { t: 1600, kind: 'pod-deleted', pod: 'b' },
      { t: 2000, kind: 'pod-deleted', pod: 'c' },
    ];
    expect(endpointLags(events)).toEqual([
      { pod: 'a', deletedAt: 1000, endpointRemovedAt: 1700, lagMs: 700 },
      { pod: 'b', deletedAt: 1600, endpointRemovedAt: 1500, lagMs: -100 },
      { pod: 'c', deletedAt: 2000 },
    ]);
  });
});

describe('evictionBlockedMs', () => {
  it('sums the 429 wait per pod and is undefined without blocked evictions', () => {
    expect(evictionBlockedMs([{ t: 1, kind: 'evicted', pod: 'a' }])).toBeUndefined();
    expect(evictionBlockedMs([
      { t: 1000, kind: 'evict-blocked', pod: 'a' },
      { t: 6000, kind: 'evict-blocked', pod: 'a' },
      { t: 9000, kind: 'evicted', pod: 'a' },
      { t: 9500, kind: 'evicted', pod: 'b' },
    ])).toBe(8000);
  });
});
