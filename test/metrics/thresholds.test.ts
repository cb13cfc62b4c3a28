import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import { parseThresholds } from '../../src/metrics/threshold-spec.ts';
import { evaluateThresholds, thresholdText } from '../../src/metrics/thresholds.ts';
import { PHASES_1S, rec } from './records.ts';

/** One second per phase; keep-alive answers everywhere, new-connection loses 3 requests in disruption. */
async function stats() {
  const records = [
    ...Array.from({ length: 10 }, (_, i) => rec(1000 + i * 100, 200, { ms: 20 + i })),
    ...Array.from({ length: 10 }, (_, i) => rec(2000 + i * 100, 200, { ms: 5 })),
    rec(2100, 'ECONNREFUSED', { stream: 'new-connection', fresh: true }),
    rec(2300, 'ECONNREFUSED', { stream: 'new-connection', fresh: true }),
    rec(2500, 503, { stream: 'new-connection', fresh: true }),
    rec(2700, 200, { stream: 'new-connection', fresh: true, ms: 200 }),
    ...Array.from({ length: 10 }, (_, i) => rec(3000 + i * 100, 200, { ms: 5 })),
  ];
  return aggregateRecords(records, PHASES_1S, [
    { name: 'keep-alive', rate: 10 },
    { name: 'new-connection', rate: 4 },
  ]);
}

describe('thresholds over measured phases', () => {
  it('checks an unscoped threshold in every phase on both streams together', async () => {
    const { phases, streams } = await stats();
    const results = evaluateThresholds(parseThresholds({ failed: 0 }, 'scenario.yaml'), phases, streams);
    expect(results.map((r) => [r.phase, r.observed, r.ok])).toEqual([
      ['baseline', 0, true],
      ['disruption', 3, false],
      ['recovery', 0, true],
    ]);
    expect(thresholdText(results[1]!)).toBe('all streams disruption failed <= 0: 3 ✗');
  });

  it('scopes by stream and phase, in either nesting order, and reads each metric', async () => {
    const { phases, streams } = await stats();
    const spec = parseThresholds(
      {
        'keep-alive': { disruption: { failed: 0, p99: '< 10' } },
        disruption: { 'new-connection': { failed: '< 3', p99: '<= 400', errorPct: '< 80' } },
        baseline: { p99: '< 30' },
      },
      'scenario.yaml',
    );
    const results = evaluateThresholds(spec, phases, streams);
    const by = Object.fromEntries(results.map((r) => [r.source, r]));
    expect(by['keep-alive.disruption.failed']).toMatchObject({ observed: 0, ok: true });
    expect(by['keep-alive.disruption.p99']).toMatchObject({ observed: 5, ok: true });
    expect(by['disruption.new-connection.failed']).toMatchObject({ observed: 3, ok: false });
    expect(by['disruption.new-connection.p99']).toMatchObject({ ok: true });
    expect(by['disruption.new-connection.errorPct']).toMatchObject({ observed: 75, ok: true });
    expect(by['baseline.p99']).toMatchObject({ observed: 29, ok: true });
  });

  it('reads a bare number as an upper bound, except achievedRate (a lower bound)', async () => {
    const { phases, streams } = await stats();
    const [rate] = evaluateThresholds(parseThresholds({ 'keep-alive': { baseline: { achievedRate: 11 } } }, 'f'), phases, streams);
    expect(rate).toMatchObject({ op: '>=', observed: 10, ok: false });
    const [seconds] = evaluateThresholds(parseThresholds({ disruption: { disruptionSeconds: 0.1 } }, 'f'), phases, streams);
    expect(seconds?.op).toBe('<=');
    expect(seconds?.ok).toBe(seconds!.observed <= 0.1);
    expect(seconds!.observed).toBeGreaterThan(0);
  });
});

describe('parseThresholds: bad input names the file and the key path', () => {
  const bad: [unknown, RegExp][] = [
    [{ p95: 1 }, /scenario\.yaml: thresholds\.p95: unknown key/],
    [{ failed: 'less than 3' }, /thresholds\.failed: must be a number or a condition/],
    [{ disruption: { disruption: { failed: 0 } } }, /thresholds\.disruption\.disruption: unknown key/],
    [{ 'keep-alive': 3 }, /thresholds\.keep-alive: must be a map/],
    [[1], /thresholds: must be a map/],
  ];
  for (const [raw, message] of bad) {
    it(`rejects ${JSON.stringify(raw)}`, () => {
      let err: unknown;
      try {
        parseThresholds(raw, 'scenario.yaml');
      } catch (e) {
        err = e;
      }
      expect((err as { oneLine(): string }).oneLine()).toMatch(message);
      expect((err as { exitCode: number }).exitCode).toBe(2);
    });
  }
});
