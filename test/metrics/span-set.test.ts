import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/metrics/intervals.ts';
import { SpanSet } from '../../src/metrics/span-set.ts';

let seed = 11;
const rnd = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

/** Intervals as failures come: mostly in time order, some late (a slow request), some empty, some touching. */
function intervals(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.05 ? rnd() * 5000 : rnd() * 3;
    const start = rnd() < 0.1 ? t - rnd() * 2000 : Math.round(t * 10) / 10;
    const end = rnd() < 0.02 ? start : rnd() < 0.05 ? start - 1 : start + Math.round(rnd() * 400) / 10;
    out.push([start, end]);
    if (rnd() < 0.05) out.push([end, end + 7.3]);
  }
  return out;
}

describe('SpanSet', () => {
  it('covers exactly what coverage() of every interval covers, whatever their number and order', () => {
    for (const n of [0, 1, 2, 15, 16, 17, 100, 5000, 40_000]) {
      const list = intervals(n);
      const set = new SpanSet();
      for (const [s, e] of list) set.add(s, e);
      expect(set.coverage()).toEqual(coverage(list));
      // asked again, and with more added after: still exact
      expect(set.coverage()).toEqual(coverage(list));
      const more = intervals(300);
      for (const [s, e] of more) set.add(s, e);
      expect(set.coverage()).toEqual(coverage([...list, ...more]));
    }
  });

  it('joins another set (addAll) as concatenating the lists would, and starts afresh after clear()', () => {
    const a = intervals(3000);
    const b = intervals(2000).map(([s, e]): [number, number] => [s + 100, e + 100]);
    const x = new SpanSet();
    const y = new SpanSet();
    for (const [s, e] of a) x.add(s, e);
    for (const [s, e] of b) y.add(s, e);
    x.addAll(y);
    expect(x.coverage()).toEqual(coverage([...a, ...b]));
    x.clear();
    expect(x.coverage()).toEqual({ totalMs: 0, longestMs: 0 });
    x.add(5, 10);
    x.add(10, 12);
    x.add(1, 2);
    expect(x.coverage()).toEqual({ totalMs: 8, longestMs: 7 });
  });
});
