import { failedRequests } from './aggregate.ts';
import type { ExpectedVerdict, StreamStats, Validity, Verdict } from './types.ts';

/** Phases in which a failed request makes a run lossy. Baseline failures make it invalid instead (metrics/validity.ts). */
export const JUDGED_PHASES = ['disruption', 'recovery'] as const;

/** invalid when the measurement cannot be trusted; else lossy iff any stream failed a request in disruption or recovery. */
export function verdictOf(streams: readonly StreamStats[], validity: Validity): Verdict {
  if (!validity.valid) return 'invalid';
  const lost = streams.some((s) => s.phases.some((p) => (JUDGED_PHASES as readonly string[]).includes(p.name) && failedRequests(p) > 0));
  return lost ? 'lossy' : 'lossless';
}

/** Whether a verdict satisfies the expectation ('any' is met by lossless and lossy, never by invalid). */
export function verdictMet(verdict: Verdict, expected: ExpectedVerdict): boolean {
  if (verdict === 'invalid') return false;
  return expected === 'any' || verdict === expected;
}

export interface RunVerdict {
  iteration: number;
  verdict: Verdict;
  validity: Validity;
}

export interface ScenarioVerdict {
  verdict: Verdict;
  /** Every invalid run's reasons, each prefixed "run #N: ". */
  invalidReasons: string[];
  met: boolean;
  /** The valid runs disagree. */
  flaky: boolean;
}

/** A scenario over its runs: invalid if any run is, else lossy if any run is; met never when invalid. */
export function scenarioVerdict(runs: readonly RunVerdict[], expected: ExpectedVerdict): ScenarioVerdict {
  const invalidReasons = runs
    .filter((r) => !r.validity.valid)
    .flatMap((r) => r.validity.reasons.map((why) => `run #${r.iteration}: ${why}`));
  const valid = runs.filter((r) => r.verdict !== 'invalid');
  const verdict: Verdict =
    valid.length < runs.length || runs.length === 0 ? 'invalid' : valid.some((r) => r.verdict === 'lossy') ? 'lossy' : 'lossless';
  return { verdict, invalidReasons, met: verdictMet(verdict, expected), flaky: new Set(valid.map((r) => r.verdict)).size > 1 };
}
