import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import { parseThresholds } from '../../src/metrics/threshold-spec.ts';
import { evaluateThresholds, thresholdText } from '../../src/metrics/thresholds.ts';
import { makePhases } from '../../src/timeline/phases.ts';
import { PHASES_1S, rec } from './records.ts';

/** 20,000 answers in the disruption second (keep-alive), one of them a 503. */
async function oneIn20000() {
  const records = Array.from({ length: 20_000 }, (_, i) => rec(2000 + i * 0.04, i === 7_000 ? 503 : 200));
  return aggregateRecords(records, PHASES_1S, [{ name: 'keep-alive', rate: 20_000 }]);
}

describe('thresholds judge exact counts and unrounded ratios', () => {
  it('1 failure in 20,000 fails errorPct == 0 (and <= 0.004), passes errorPct < 0.006', async () => {
    const { phases, streams } = await oneIn20000();
    const spec = parseThresholds({ disruption: { errorPct: '== 0' }, 'keep-alive': { disruption: { errorPct: '<= 0.004' } } }, 'f');
    const [all, ka] = evaluateThresholds(spec, phases, streams);
    expect(all).toMatchObject({ phase: 'disruption', observed: 0.005, ok: false });
    expect(ka).toMatchObject({ observed: 0.005, ok: false });
    const [loose] = evaluateThresholds(parseThresholds({ disruption: { errorPct: '< 0.006' } }, 'f'), phases, streams);
    expect(loose?.ok).toBe(true);
    // Reporters round for display only.
    expect(thresholdText(all!)).toBe('all streams disruption errorPct == 0: 0.01 ✗');
  });

  it('the phase figures themselves are unrounded: errorPct, achievedRate', async () => {
    const { phases } = await oneIn20000();
    expect(phases.find((p) => p.name === 'disruption')?.errorPct).toBe(0.005);
    // 284 requests sent in a 3 s phase: 94.666... req/s, not 94.67, so `achievedRate >= 94.67` fails.
    const phases3s = makePhases({ baseline: 0, disruption: 3000, recovery: 6000, end: 9000 });
    const records = Array.from({ length: 284 }, (_, i) => rec(3000 + i * 10, 200));
    const stats = await aggregateRecords(records, phases3s, [{ name: 'keep-alive', rate: 95 }]);
    const disruption = stats.phases.find((p) => p.name === 'disruption');
    expect(disruption?.achievedRate).toBeCloseTo(284 / 3, 10);
    const [rate] = evaluateThresholds(parseThresholds({ disruption: { achievedRate: '>= 94.67' } }, 'f'), stats.phases, stats.streams);
    expect(rate).toMatchObject({ ok: false });
  });
});
