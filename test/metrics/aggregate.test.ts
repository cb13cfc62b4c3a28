import { describe, expect, it } from 'vitest';
import { aggregateRecords, percentile, RunAggregator } from '../../src/metrics/aggregate.ts';
import type { PhaseStats } from '../../src/metrics/types.ts';
import { makePhases } from '../../src/timeline/phases.ts';
import { PHASES_1S, rec } from './records.ts';

const byName = (ps: PhaseStats[]) => Object.fromEntries(ps.map((p) => [p.name, p]));

describe('phase rule: a request belongs to the phase in which it ended', () => {
  it('files each record by t + ms, at every boundary', async () => {
    const { phases } = await aggregateRecords(
      [
        rec(900, 200, { ms: 99 }), // ends 999: before baseline (a warm-up answer): baseline
        rec(900, 200, { ms: 100 }), // ends 1000: baseline
        rec(1500, 200, { ms: 499 }), // ends 1999: baseline
        rec(1500, 'ECONNRESET', { ms: 500 }), // started in baseline, ends exactly at the disruption boundary: disruption
        rec(2500, 200, { ms: 499.9 }), // ends 2999.9: disruption
        rec(2500, 502, { ms: 500 }), // ends 3000: recovery
        rec(3900, 200, { ms: 99 }), // ends 3999: recovery
        rec(3900, 200, { ms: 100 }), // ends 4000: in flight when sending stopped: recovery
        rec(1999, 'DROPPED'),
        rec(2000, 'DROPPED'), // a dropped slot ends when it was due
      ],
      PHASES_1S,
    );
    const p = byName(phases);
    expect([p.baseline.requests, p.disruption.requests, p.recovery.requests]).toEqual([3, 2, 3]);
    // sent, by send time in [baseline, end): 1500 1500 | 2500 2500 | 3900 3900 (900 was before the baseline)
    expect([p.baseline.sent, p.disruption.sent, p.recovery.sent]).toEqual([2, 2, 2]);
    expect([p.baseline.dropped, p.disruption.dropped, p.recovery.dropped]).toEqual([1, 1, 0]);
    expect(p.disruption.reset).toBe(1);
    expect(p.recovery.http5xx).toBe(1);
    expect(p.baseline.reset + p.baseline.http5xx).toBe(0);
  });
});

describe('RunAggregator', () => {
  const plans = [
    { name: 'keep-alive' as const, rate: 10 },
    { name: 'new-connection' as const, rate: 5 },
  ];

  it('counts outcomes, codes, connections and percentiles (failures apart) per stream and phase', async () => {
    const { streams } = await aggregateRecords(
      [
        rec(1000, 200, { ms: 5, fresh: true }),
        rec(1100, 200, { ms: 7 }),
        rec(1200, 404, { ms: 3 }),
        rec(2000, 502, { ms: 10, fresh: true }),
        rec(2100, 503),
        rec(2200, 'ECONNRESET', { fresh: true }),
        rec(2300, 'EPIPE'),
        rec(2400, 'ETIMEDOUT', { ms: 500 }),
        rec(2450, 'ECONNTIMEOUT', { ms: 100 }),
        rec(2500, 'HPE_INVALID_CONSTANT'),
        rec(2600, 'EHOSTUNREACH'),
        rec(2700, 'EMFILE'),
        rec(2800, 'DROPPED'),
        rec(2900, 200, { ms: 2 }),
        rec(2000, 'ECONNREFUSED', { stream: 'new-connection', fresh: true }),
      ],
      PHASES_1S,
      plans,
    );
    expect(streams.map((s) => [s.name, s.rate])).toEqual([
      ['keep-alive', 10],
      ['new-connection', 5],
    ]);
    const ka = byName(streams[0].phases);
    expect(ka.baseline).toMatchObject({
      requests: 3,
      ok: 2,
      http4xx: 1,
      errorPct: 0,
      newConnections: 1,
      reusedConnections: 2,
      maxMs: 7,
      p50Ms: 5,
    });
    expect(ka.disruption).toMatchObject({
      requests: 10,
      ok: 1,
      http5xx: 2,
      http5xxByCode: { 502: 1, 503: 1 },
      reset: 2,
      refused: 0,
      timeout: 2,
      malformed: 1,
      other: 1,
      client: 1,
      dropped: 1,
      newConnections: 2,
      reusedConnections: 8,
      // percentiles of the answers that did not fail (one 200 after 2 ms); the failures' times apart
      maxMs: 2,
      p99Ms: 2,
      failedP99Ms: 500,
      errorsByCode: {
        ECONNRESET: 1,
        EPIPE: 1,
        ETIMEDOUT: 1,
        ECONNTIMEOUT: 1,
        HPE_INVALID_CONSTANT: 1,
        EHOSTUNREACH: 1,
        EMFILE: 1,
        DROPPED: 1,
      },
    });
    // failed: 2 5xx + 2 resets + 2 timeouts + 1 malformed + 1 other = 8 of 10 (the client error is not the app's)
    expect(ka.disruption.errorPct).toBe(80);
    expect(byName(streams[1].phases).disruption).toMatchObject({
      requests: 1,
      refused: 1,
      newConnections: 1,
      errorsByCode: { ECONNREFUSED: 1 },
    });
  });

  it('derives targets and rates from the plans and the phase lengths; combined sums them', async () => {
    const phases = makePhases({ baseline: 0, disruption: 2000, recovery: 2500, end: 5500 });
    const ka = Array.from({ length: 15 }, (_, i) => rec(i * 100, 200)); // 15 requests in the 2 s baseline
    const nc = Array.from({ length: 4 }, (_, i) => rec(i * 200, 200, { stream: 'new-connection' }));
    const { phases: combined, streams } = await aggregateRecords([...ka, ...nc, rec(2100, 'DROPPED')], phases, plans);
    expect(byName(streams[0].phases).baseline).toMatchObject({ requests: 15, targetRequests: 20, targetRate: 10, achievedRate: 7.5 });
    expect(byName(streams[0].phases).disruption).toMatchObject({ requests: 0, targetRequests: 5, dropped: 1, achievedRate: 0 });
    expect(byName(streams[1].phases).baseline).toMatchObject({ requests: 4, targetRequests: 10, targetRate: 5, achievedRate: 2 });
    expect(byName(streams[1].phases).recovery).toMatchObject({ targetRequests: 15, targetRate: 5 });
    expect(byName(combined).baseline).toMatchObject({ requests: 19, targetRequests: 30, targetRate: 15, achievedRate: 9.5 });
    expect(byName(combined).disruption).toMatchObject({ targetRequests: 8, targetRate: 15, dropped: 1 }); // 5 + round(2.5): each stream's target rounded, then summed
  });

  it('a stream missing from the plans counts with rate 0 and no target', async () => {
    const { streams } = await aggregateRecords([rec(1500, 200, { stream: 'new-connection' })], PHASES_1S, [
      { name: 'keep-alive', rate: 10 },
    ]);
    expect(streams.map((s) => s.name)).toEqual(['keep-alive', 'new-connection']);
    expect(streams[1]).toMatchObject({ rate: 0 });
    expect(byName(streams[1].phases).baseline).toMatchObject({ requests: 1, targetRequests: 0 });
  });

  it('measures disruption seconds as the union of failed intervals, each at least one slot long', async () => {
    const { phases, streams } = await aggregateRecords(
      [
        rec(2000, 'ECONNRESET', { ms: 1 }), // [2000, 2100]: one 100 ms slot at 10 req/s
        rec(2050, 503, { ms: 300 }), // [2050, 2350]
        rec(2600, 'ETIMEDOUT', { ms: 10 }), // [2600, 2700]
        rec(2620, 200, { ms: 500 }), // ok: covers nothing
        rec(2650, 'EMFILE'),
        rec(2660, 'DROPPED'),
        rec(2670, 404), // not app failures
        rec(2340, 'ECONNREFUSED', { ms: 5, stream: 'new-connection' }), // [2340, 2540]: one 200 ms slot at 5 req/s
      ],
      PHASES_1S,
      plans,
    );
    expect(byName(streams[0].phases).disruption).toMatchObject({ disruptionSeconds: 0.45, longestOutageMs: 350 });
    expect(byName(streams[1].phases).disruption).toMatchObject({ disruptionSeconds: 0.2, longestOutageMs: 200 });
    expect(byName(phases).disruption).toMatchObject({ disruptionSeconds: 0.64, longestOutageMs: 540 });
    expect(byName(phases).baseline).toMatchObject({ disruptionSeconds: 0, longestOutageMs: 0 });
  });

  it('at rate 0 a failure covers just its own latency', async () => {
    const { phases } = await aggregateRecords([rec(2000, 'ECONNRESET', { ms: 30.4 }), rec(2100, 'ECONNRESET', { ms: 0 })], PHASES_1S);
    // Exact, not rounded to the millisecond (reporters round for display).
    expect(byName(phases).disruption.disruptionSeconds).toBeCloseTo(0.0304, 10);
    expect(byName(phases).disruption.longestOutageMs).toBeCloseTo(30.4, 10);
  });

  it('totals runs: counts and targets add, percentiles stay exact, disruption time adds per run', () => {
    const a = new RunAggregator(PHASES_1S, plans);
    const b = new RunAggregator(makePhases({ baseline: 1000, disruption: 2000, recovery: 4000, end: 5000 }), plans);
    for (let i = 1; i <= 50; i++) a.add(rec(1000 + i, 200, { ms: i }));
    for (let i = 51; i <= 100; i++) b.add(rec(1000 + i, 200, { ms: i }));
    a.add(rec(2000, 'ECONNRESET', { ms: 1 })); // 100 ms
    b.add(rec(2000, 'ECONNRESET', { ms: 250 })); // 250 ms, same epoch times but another run: adds
    const runA = a.result();
    const total = RunAggregator.total([a, b]);
    const base = byName(total.phases).baseline;
    expect(base).toMatchObject({ requests: 100, p50Ms: 50, p99Ms: 99, maxMs: 100, targetRequests: 30 });
    expect(byName(total.streams[0].phases).baseline).toMatchObject({ requests: 100, targetRequests: 20, targetRate: 10, achievedRate: 50 });
    expect(byName(total.phases).disruption).toMatchObject({ disruptionSeconds: 0.35, longestOutageMs: 250, targetRequests: 45, reset: 2 });
    expect(byName(total.streams[1].phases).disruption).toMatchObject({ targetRequests: 15, targetRate: 5, achievedRate: 0 });
    expect(byName(runA.phases).disruption).toMatchObject({ disruptionSeconds: 0.1 });
    expect(() => a.add(rec(1500, 200))).toThrow(/closed/);
  });

  it('computes exact nearest-rank percentiles', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([3], 99)).toBe(3);
    expect(percentile([], 99)).toBe(0);
  });
});

describe('LatencyHistogram (HDR)', () => {
  it('gives nearest-rank percentiles, exact below 204.8 ms and never above the true value beyond it, in constant memory', async () => {
    const { LatencyHistogram } = await import('../../src/metrics/latency-histogram.ts');
    const h = new LatencyHistogram();
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 5000) / 10 + 0.1); // 0.1 ... 500.0 ms, twice
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
    expect(h.count).toBe(10_000);
    expect(h.percentile(40)).toBe(exact(40)); // 200.0 ms: exact
    for (const p of [50, 90, 99, 99.9]) {
      expect(h.percentile(p)).toBeLessThanOrEqual(exact(p));
      expect(h.percentile(p)).toBeGreaterThanOrEqual(exact(p) * 0.999);
    }
    expect(h.maxMs).toBe(500);
    const other = new LatencyHistogram();
    other.record(1500);
    h.add(other);
    expect([h.count, h.maxMs, h.percentile(100)]).toEqual([10_001, 1500, 1500]);
    expect(new LatencyHistogram().percentile(99)).toBe(0);
  });
});
