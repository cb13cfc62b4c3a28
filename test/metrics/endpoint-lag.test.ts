import { describe, expect, it } from 'vitest';
import { DataPathLagTracker } from '../../src/metrics/data-path-lag.ts';
import { endpointLags } from '../../src/metrics/endpoint-lag.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { rec } from './records.ts';

const events: TimelineEvent[] = [
  { t: 100, kind: 'endpoint-added', pod: 'a' },
  { t: 100, kind: 'endpoint-added', pod: 'b' },
  { t: 1000, kind: 'pod-deleted', pod: 'a' },
  { t: 1700, kind: 'endpoint-removed', pod: 'a' },
  { t: 1500, kind: 'endpoint-removed', pod: 'b' },
  { t: 1600, kind: 'pod-deleted', pod: 'b' },
  { t: 2000, kind: 'pod-deleted', pod: 'c' },
];

describe('endpointLags', () => {
  it('measures pod-deleted to endpoint-removed per pod', () => {
    expect(endpointLags(events)).toEqual([
      { pod: 'a', deletedAt: 1000, endpointRemovedAt: 1700, lagMs: 700 },
      { pod: 'b', deletedAt: 1600, endpointRemovedAt: 1500, lagMs: -100 },
      { pod: 'c', deletedAt: 2000 },
    ]);
  });
});

describe('DataPathLagTracker', () => {
  it('takes the last new-connection request each deleted pod answered after its deletion', () => {
    const t = new DataPathLagTracker(endpointLags(events));
    for (const r of [
      rec(900, 200, { pod: 'a', stream: 'new-connection' }), // before the deletion
      rec(1200, 200, { pod: 'a', stream: 'new-connection' }),
      rec(1800, 503, { pod: 'a', stream: 'new-connection' }), // an HTTP answer, even a 5xx: the pod accepted the connection
      rec(1400, 200, { pod: 'a', stream: 'new-connection' }), // records arrive in end order, not start order
      rec(2500, 200, { pod: 'a', stream: 'keep-alive' }), // reused connection: not the data path for new ones
      rec(2600, 'ECONNRESET', { pod: 'a', stream: 'new-connection' }), // no answer
      rec(1500, 200, { pod: 'b', stream: 'new-connection' }), // b answered only before its deletion
    ])
      t.add(r);
    expect(t.result()).toEqual([
      { pod: 'a', deletedAt: 1000, endpointRemovedAt: 1700, lagMs: 700, lastNewConnectionAt: 1800, dataPathLagMs: 800 },
      { pod: 'b', deletedAt: 1600, endpointRemovedAt: 1500, lagMs: -100 }, // answered no new connection after its deletion: not measured
      { pod: 'c', deletedAt: 2000 },
    ]);
  });

  it('leaves the data-path lag unset when the log has no new-connection record', () => {
    const t = new DataPathLagTracker(endpointLags(events));
    t.add(rec(1200, 200, { pod: 'a' }));
    expect(t.result()).toEqual(endpointLags(events));
  });
});
