import { describe, expect, it } from 'vitest';
import { ClockAlignment, type ClockSample, estimateOffset } from '../../src/load/remote/clock-offset.ts';
import { type PodClock, podTime, rng } from './remote-fixtures.ts';

/** Probes of a pod clock over a link with random, asymmetric one-way delays (ms). */
function probes(clock: PodClock, at: number, n: number, rand: () => number): ClockSample[] {
  const out: ClockSample[] = [];
  let t = at;
  for (let i = 0; i < n; i++) {
    const up = 0.5 + rand() * 20 * rand();
    const down = 0.5 + rand() * 20 * rand();
    out.push({ sentAt: t, podTime: podTime(clock, t + up), receivedAt: t + up + down });
    t += up + down + rand() * 5;
  }
  return out;
}

describe('clock offset estimate', () => {
  it('bounds the true offset by half the shortest round trip, whatever the delays', () => {
    const rand = rng(7);
    for (let k = 0; k < 300; k++) {
      const clock: PodClock = { offsetMs: (rand() - 0.5) * 4000, driftPpm: (rand() - 0.5) * 200, t0: 1e12 };
      const samples = probes(clock, 1e12 + rand() * 60_000, 1 + Math.floor(rand() * 8), rand);
      const e = estimateOffset(samples)!;
      const shortest = Math.min(...samples.map((s) => s.receivedAt - s.sentAt));
      expect(e.uncertaintyMs).toBeCloseTo(shortest / 2, 1);
      const truth = podTime(clock, e.at) - e.at;
      // 0.01 ms: the estimate is rounded to hundredths.
      expect(Math.abs(e.offsetMs - truth)).toBeLessThanOrEqual(e.uncertaintyMs + 0.01);
    }
  });

  it('ignores samples that cannot be (answer before question, no pod time)', () => {
    expect(estimateOffset([])).toBeUndefined();
    expect(
      estimateOffset([
        { sentAt: 10, podTime: 5, receivedAt: 9 },
        { sentAt: 0, podTime: NaN, receivedAt: 1 },
      ]),
    ).toBeUndefined();
    expect(estimateOffset([{ sentAt: 100, podTime: 1105, receivedAt: 110 }])).toEqual({ offsetMs: 1000, uncertaintyMs: 5, at: 105 });
  });
});

describe('clock alignment', () => {
  it('puts a drifting pod clock onto the harness timeline within the estimates uncertainty', () => {
    const rand = rng(11);
    for (let k = 0; k < 50; k++) {
      const t0 = 1.7e12;
      const clock: PodClock = { offsetMs: (rand() - 0.5) * 10_000, driftPpm: (rand() - 0.5) * 500, t0 };
      const start = estimateOffset(probes(clock, t0, 6, rand))!;
      const end = estimateOffset(probes(clock, t0 + 30_000 + rand() * 600_000, 6, rand))!;
      const a = new ClockAlignment(start, end);
      expect(a.uncertaintyMs).toBe(Math.max(start.uncertaintyMs, end.uncertaintyMs));
      for (let i = 0; i < 20; i++) {
        const h = start.at + rand() * (end.at - start.at);
        const aligned = a.toHarness(podTime(clock, h));
        expect(Math.abs(aligned - h)).toBeLessThanOrEqual(a.uncertaintyMs + 0.05);
        expect(Math.abs(a.toPod(aligned) - podTime(clock, h))).toBeLessThan(0.01 + a.uncertaintyMs);
      }
    }
  });

  it('holds a single estimate constant, and passes times unchanged without one', () => {
    const only = new ClockAlignment({ offsetMs: 250, uncertaintyMs: 2, at: 1000 }, undefined);
    expect(only.toHarness(5250)).toBe(5000);
    expect(only.toPod(5000)).toBe(5250);
    const none = new ClockAlignment(undefined, undefined);
    expect(none.toHarness(42)).toBe(42);
    expect(none.uncertaintyMs).toBe(Infinity);
  });
});
