/**
 * Why a request was lost: the one list of causes, each with what it means and what to change. A
 * cause is derived from the run's own timeline and request records (metrics/diagnosis/), never
 * from scenario.yaml; reporters read this list.
 */
export const CAUSES = [
  'propagation-race',
  'sigterm-ignored',
  'grace-exceeded',
  'not-ready',
  'keepalive-not-closed',
  'no-endpoints',
  'unknown',
] as const;
export type Cause = (typeof CAUSES)[number];

export const CAUSE_INFO: Record<Cause, { meaning: string; fix: string }> = {
  'propagation-race': {
    meaning: "sent to a pod after its deletion, before its endpoint left every node's data path",
    fix: 'a preStop sleep longer than the endpoint propagation (the data-path lag), so the app gets SIGTERM only once no new connection reaches it',
  },
  'sigterm-ignored': {
    meaning:
      'in flight when the pod was SIGKILLed at the grace deadline, the pod still answering requests sent after SIGTERM (plus a margin) and showing no sign it saw SIGTERM',
    fix: 'make the app receive SIGTERM: exec it from the entrypoint script, trap and forward the signal, or run an init that forwards signals (tini -g, dumb-init)',
  },
  'grace-exceeded': {
    meaning: 'the app was draining, but the grace deadline came before the request finished',
    fix: 'a longer terminationGracePeriodSeconds (preStop + the longest request + margin), or shorter requests',
  },
  'not-ready': {
    meaning: 'an error from a pod that was Ready but not yet serving',
    fix: 'an HTTP readiness probe on a path that checks the app itself (not a TCP probe, not none)',
  },
  'keepalive-not-closed': {
    meaning: 'a kept-alive connection the pod kept serving after SIGTERM without Connection: close, torn down at SIGKILL',
    fix: 'on SIGTERM answer with Connection: close and close idle keep-alive connections',
  },
  'no-endpoints': {
    meaning: 'refused or timed out while the Service had no serving endpoint',
    fix: 'maxUnavailable 0 and maxSurge >= 1 in the rollout strategy, and a PodDisruptionBudget',
  },
  unknown: {
    meaning: "no cause's evidence was complete; each evidence group names what was missing",
    fix: 'look at the evidence: it names what the timeline or the records lacked',
  },
};

/** Failed requests of one cause on one pod, with one reason; `from`..`to` span their send and end times (epoch ms). */
export interface CauseEvidence {
  /** The pod the requests were sent to (or attributed to by time); '' when none. */
  pod: string;
  count: number;
  from: number;
  to: number;
  detail: string;
  /** For `unknown`: the evidence that would have decided a cause and was not there. */
  missing?: string;
  /** The iteration the evidence comes from (in a scenario's diagnosis over several runs). */
  run?: number;
}

/** One cause of a run's (or a scenario's) lost requests. */
export interface DiagnosisEntry {
  cause: Cause;
  /** Failed requests with this cause. */
  count: number;
  /** Pods involved (sorted; '' left out). */
  pods: string[];
  fix: string;
  /** The largest evidence groups (at most MAX_EVIDENCE), most requests first. */
  evidence: CauseEvidence[];
  /** For `unknown`: every distinct evidence missing (of all its groups, not only those listed), most requests first. */
  missing?: string[];
}

export const MAX_EVIDENCE = 5;

const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

/**
 * Entries from per-cause totals: most requests first (ties in CAUSES order), pods sorted, evidence
 * largest first and capped at MAX_EVIDENCE. Used for one run and for runs merged.
 */
export function diagnosisEntries(
  totals: ReadonlyMap<Cause, { count: number; pods: Iterable<string>; evidence: CauseEvidence[]; missing?: string[] }>,
): DiagnosisEntry[] {
  return [...totals]
    .map(([cause, t]) => {
      const missing = missingOf(t.evidence, t.missing ?? []);
      return {
        cause,
        count: t.count,
        pods: [...new Set(t.pods)].filter(Boolean).sort(),
        fix: CAUSE_INFO[cause].fix,
        evidence: [...t.evidence].sort((a, b) => byCount(a, b) || a.from - b.from).slice(0, MAX_EVIDENCE),
        ...(missing.length ? { missing } : {}),
      };
    })
    .sort((a, b) => byCount(a, b) || CAUSES.indexOf(a.cause) - CAUSES.indexOf(b.cause));
}

/** The distinct `missing` of these groups, most requests first, then those of `more` not among them. */
function missingOf(evidence: readonly CauseEvidence[], more: readonly string[]): string[] {
  const n = new Map<string, number>();
  for (const e of evidence) if (e.missing) n.set(e.missing, (n.get(e.missing) ?? 0) + e.count);
  const out = [...n].sort((a, b) => b[1] - a[1]).map(([m]) => m);
  return out.concat(more.filter((m, i) => !n.has(m) && more.indexOf(m) === i));
}

/** A scenario's diagnosis over its runs: counts add per cause, each evidence group names its run. */
export function mergeDiagnoses(runs: ReadonlyArray<{ run: number; diagnosis: readonly DiagnosisEntry[] }>): DiagnosisEntry[] {
  const totals = new Map<Cause, { count: number; pods: string[]; evidence: CauseEvidence[]; missing: string[] }>();
  for (const { run, diagnosis } of runs) {
    for (const e of diagnosis) {
      const t = totals.get(e.cause) ?? { count: 0, pods: [], evidence: [], missing: [] };
      t.count += e.count;
      t.pods.push(...e.pods);
      t.missing.push(...(e.missing ?? []));
      t.evidence.push(...e.evidence.map((x) => ({ ...x, run })));
      totals.set(e.cause, t);
    }
  }
  return diagnosisEntries(totals);
}
