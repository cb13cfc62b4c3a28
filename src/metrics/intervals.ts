/** How much time a set of intervals covers. */
export interface Coverage {
  /** Length of their union, ms. */
  totalMs: number;
  /** Longest single stretch of the union, ms. */
  longestMs: number;
}

/** Union of [start, end] intervals (overlapping or touching ones merge); empty ones cover nothing. */
export function coverage(intervals: ReadonlyArray<readonly [number, number]>): Coverage {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let totalMs = 0;
  let longestMs = 0;
  let cur: [number, number] | undefined;
  const close = () => {
    if (!cur) return;
    totalMs += cur[1] - cur[0];
    longestMs = Math.max(longestMs, cur[1] - cur[0]);
  };
  for (const [s, e] of sorted) {
    if (cur && s <= cur[1]) cur[1] = Math.max(cur[1], e);
    else {
      close();
      cur = [s, e];
    }
  }
  close();
  return { totalMs, longestMs };
}
