import { describe, expect, it } from 'vitest';
import { aggregateRecords, percentile } from '../../src/metrics/aggregate.ts';
import { verdictMet, verdictOf } from '../../src/metrics/verdict.ts';
import type { RequestRecord } from '../../src/load/types.ts';
import { makePhases } from '../../src/timeline/phases.ts';

const phases = makePhases({ baseline: 1000, disruption: 2000, recovery: 3000, end: 4000 });
const rec = (t: number, code: number | string, ms = 1, fresh = false): RequestRecord => ({ t, ms, code, pod: 'p', conn: 1, fresh });

describe('aggregateRecords', () => {
  it('counts outcomes per phase by start time and excludes requests outside the run', async () => {
    const records = [
      rec(999, 'ECONNRESET'), rec(4000, 'ECONNREFUSED'), // outside
      rec(1000, 200, 5, true), rec(1500, 200, 7), rec(1999, 404, 3),
      rec(2000, 502, 10, true), rec(2100, 502), rec(2200, 503), rec(2300, 'ECONNRESET', 1, true), rec(2400, 'EPIPE'),
      rec(2500, 'ECONNREFUSED', 1, true), rec(2600, 'ETIMEDOUT', 1000), rec(2700, 'EHOSTUNREACH'), rec(2999, 200, 2),
      rec(3000, 200, 4, true),
    ];
    const [base, dis, rec2] = await aggregateRecords(records, phases);
    expect(base).toMatchObject({ name: 'baseline', requests: 3, ok: 2, http4xx: 1, errorPct: 0, newConnections: 1, reusedConnections: 2, maxMs: 7, p50Ms: 5 });
    expect(dis).toMatchObject({ name: 'disruption', requests: 9, ok: 1, http5xx: 3, http5xxByCode: { 502: 2, 503: 1 }, reset: 2, refused: 1, timeout: 1, other: 1, maxMs: 1000, p99Ms: 1000, newConnections: 3 });
    expect(dis.errorPct).toBeCloseTo((8 / 9) * 100, 1);
    expect(rec2).toMatchObject({ name: 'recovery', requests: 1, ok: 1 });
    expect(verdictOf([base, dis, rec2])).toBe('lossy');
    expect(verdictOf([{ ...base, reset: 5 }, { ...rec2, name: 'disruption' }, rec2])).toBe('lossless');
  });

  it('computes exact nearest-rank percentiles', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([3], 99)).toBe(3);
    expect(percentile([], 99)).toBe(0);
  });

  it('treats expected any as always met', () => {
    expect(verdictMet('lossy', 'any')).toBe(true);
    expect(verdictMet('lossless', 'any')).toBe(true);
    expect(verdictMet('lossy', 'lossless')).toBe(false);
    expect(verdictMet('lossless', 'lossless')).toBe(true);
  });
});
