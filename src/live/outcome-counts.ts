import { FAILURE_OUTCOMES, HARNESS_OUTCOMES, OUTCOMES, type Outcome } from '../metrics/index.ts';
import type { OutcomeCounts } from '../run/index.ts';

/** The failure kinds every live view names apart, per stream (the rest of FAILURE_OUTCOMES only when seen). */
export const FAILURE_KINDS: readonly Outcome[] = ['http5xx', 'reset', 'refused', 'timeout'];

export function addCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  for (const o of OUTCOMES) if (from[o]) into[o] = (into[o] ?? 0) + from[o];
}

export function countOf(c: OutcomeCounts, outcomes: readonly Outcome[] = OUTCOMES): number {
  return outcomes.reduce((n, o) => n + (c[o] ?? 0), 0);
}

/** The failure kinds to show for `c`: FAILURE_KINDS, then any other failure outcome it holds. */
export function shownKinds(c: OutcomeCounts): Outcome[] {
  return [...FAILURE_KINDS, ...FAILURE_OUTCOMES.filter((o) => !FAILURE_KINDS.includes(o) && c[o])];
}

const most = (c: OutcomeCounts, among: readonly Outcome[]) =>
  among.reduce<Outcome | undefined>((best, o) => ((c[o] ?? 0) > (best ? (c[best] ?? 0) : 0) ? o : best), undefined);

/**
 * The outcome a bin is shown by: its most frequent failure, else its most frequent harness
 * outcome (dropped, client), else its most frequent other outcome; undefined when empty.
 */
export function shownOutcome(c: OutcomeCounts): Outcome | undefined {
  return most(c, FAILURE_OUTCOMES) ?? most(c, HARNESS_OUTCOMES) ?? most(c, OUTCOMES);
}
