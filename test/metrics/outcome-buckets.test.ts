import { describe, expect, it } from 'vitest';
import { bucketWidth, OutcomeBucketer } from '../../src/metrics/outcome-buckets.ts';
import { OUTCOMES } from '../../src/metrics/types.ts';
import { rec } from './records.ts';

describe('OutcomeBucketer', () => {
  it('counts every outcome per bucket by end time; an end before baseline in the first, at or after the end in the last (the phase rule)', () => {
    const b = new OutcomeBucketer({ baseline: 1000, disruption: 2000, recovery: 3000, end: 4000 });
    for (const r of [
      rec(900, 200, { ms: 100 }), // ends 1000: bucket 0
      rec(900, 200, { ms: 99 }), // ends 999: before baseline, bucket 0
      rec(1050, 'ECONNRESET', { ms: 60 }), // starts in bucket 0, ends 1110: bucket 1
      rec(1150, 'DROPPED'),
      rec(1160, 'EMFILE'),
      rec(1170, 'HPE_INVALID_CONSTANT', { ms: 0 }),
      rec(3950, 200, { ms: 50 }), // ends 4000: in flight at the end, last bucket
      rec(3950, 503, { ms: 49 }), // ends 3999: last bucket
    ])
      b.add(r);
    const { ms, start, counts } = b.result();
    expect([ms, start]).toEqual([100, 1000]);
    expect(Object.keys(counts)).toEqual([...OUTCOMES]);
    expect(counts.ok.slice(0, 2)).toEqual([2, 0]);
    expect(counts.ok.at(-1)).toBe(1);
    expect(counts.reset.slice(0, 2)).toEqual([0, 1]);
    expect([counts.dropped[1], counts.client[1], counts.malformed[1]]).toEqual([1, 1, 1]);
    expect(counts.http5xx.at(-1)).toBe(1);
    expect(counts.ok).toHaveLength(30);
    expect(OUTCOMES.reduce((n, o) => n + counts[o].reduce((a, c) => a + c, 0), 0)).toBe(8);
  });
  it('picks a round bucket width giving at most 150 buckets', () => {
    expect(bucketWidth(15_000)).toBe(100);
    expect(bucketWidth(15_001)).toBe(200);
    expect(bucketWidth(600_000)).toBe(5000);
  });
});
