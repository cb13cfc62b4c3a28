import { describe, expect, it } from 'vitest';
import { SlotHistogram, scheduledSlots } from '../../src/load/remote/missing-slots.ts';
import { rng } from './remote-fixtures.ts';

describe('missing slot placement', () => {
  it('puts the missing slots into the hole a pod left in its schedule', () => {
    const rand = rng(21);
    for (let k = 0; k < 40; k++) {
      const rate = 20 + Math.floor(rand() * 400);
      const from = 1e12;
      const to = from + 2000 + rand() * 20_000;
      const holeStart = from + rand() * (to - from) * 0.6;
      const holeEnd = holeStart + 500 + rand() * (to - holeStart - 500);
      const h = new SlotHistogram(from, to);
      let lost = 0;
      for (let n = 0; n < scheduledSlots(from, to, rate); n++) {
        const t = from + (n * 1000) / rate;
        if (t >= holeStart && t < holeEnd) lost++;
        else h.add(t);
      }
      const placed = h.place(lost, rate);
      expect(placed).toHaveLength(lost);
      // Within a bucket of the hole's edges.
      for (const t of placed) {
        expect(t).toBeGreaterThanOrEqual(holeStart - 100);
        expect(t).toBeLessThanOrEqual(holeEnd + 100);
      }
    }
  });

  it('spreads slots over the window when no bucket fell short, and places none when none is missing', () => {
    const h = new SlotHistogram(0, 1000);
    for (let n = 0; n < 100; n++) h.add(n * 10);
    const placed = h.place(10, 100);
    expect(placed).toHaveLength(10);
    expect(Math.min(...placed)).toBeLessThan(100);
    expect(Math.max(...placed)).toBeGreaterThan(900);
    expect(h.place(0, 100)).toEqual([]);
  });

  it('counts the slots a schedule holds: slot 0 at its start', () => {
    expect(scheduledSlots(0, 999, 1)).toBe(1);
    expect(scheduledSlots(0, 1000, 1)).toBe(2);
    expect(scheduledSlots(0, 1000, 100)).toBe(101);
    expect(scheduledSlots(10, 5, 100)).toBe(0);
  });
});
