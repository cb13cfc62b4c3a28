import type { Verdict } from '../report/model.ts';
import type { ExpectedVerdict } from '../scenario/types.ts';
import { failedRequests } from './aggregate.ts';
import type { PhaseStats } from './types.ts';

/** Phases in which a failed request makes a scenario lossy. Baseline failures do not count. */
export const JUDGED_PHASES = ['disruption', 'recovery'] as const;

/** Lossless iff the disruption and recovery phases have zero failed requests. */
export function verdictOf(phases: readonly PhaseStats[]): Verdict {
  const lost = phases
    .filter((p) => (JUDGED_PHASES as readonly string[]).includes(p.name))
    .reduce((n, p) => n + failedRequests(p), 0);
  return lost === 0 ? 'lossless' : 'lossy';
}

/** Whether a verdict satisfies the expectation ('any' is always met). */
export function verdictMet(verdict: Verdict, expected: ExpectedVerdict): boolean {
  return expected === 'any' || verdict === expected;
}
