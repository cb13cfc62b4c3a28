import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/metrics/intervals.ts';

describe('coverage (interval union)', () => {
  it('is zero for nothing and for empty intervals', () => {
    expect(coverage([])).toEqual({ totalMs: 0, longestMs: 0 });
    expect(
      coverage([
        [5, 5],
        [7, 6],
      ]),
    ).toEqual({ totalMs: 0, longestMs: 0 });
  });
  it('merges overlapping, nested and touching intervals in any order', () => {
    expect(
      coverage([
        [300, 400],
        [0, 100],
        [50, 150],
        [60, 70],
        [150, 200],
      ]),
    ).toEqual({ totalMs: 300, longestMs: 200 });
  });
  it('keeps disjoint stretches apart and reports the longest', () => {
    expect(
      coverage([
        [0, 10],
        [20, 50],
        [100, 120],
      ]),
    ).toEqual({ totalMs: 60, longestMs: 30 });
  });
});
