import type { RequestRecord } from '../../load/index.ts';
import type { Phases, TimelineEvent } from '../../timeline/index.ts';
import { httpStatus, isFailure } from '../classify.ts';
import { requestEnd } from '../request-end.ts';
import type { Outcome } from '../types.ts';
import { attribute } from './attribute.ts';
import { type Cause, type CauseEvidence, type DiagnosisEntry, diagnosisEntries } from './causes.ts';
import { resolvePending } from './pending.ts';
import { EndpointCount, podHistories } from './pod-history.ts';
import type { Attribution, RuleContext } from './rule-context.ts';

type Group = CauseEvidence & { cause: Cause; attribution: Attribution };

const keyOf = (a: Attribution) => `${a.cause}\n${a.pod}\n${a.detail}\n${a.missing ?? ''}\n${a.pending?.after ?? ''}`;

/**
 * A run's diagnosis: every failed request gets a cause (metrics/diagnosis/attribute.ts), from the
 * run's timeline and the records before it. Like the phase stats (the phase rule,
 * Phases.phaseOfEnd), none is left out: failures still in flight when sending stopped count too,
 * so the diagnosis totals the failed requests of the three phases. Fed every record once, in log
 * order; keeps per group (cause, pod, reason) a count and a time span, per open kept-alive
 * connection the end of its last answer, and per pod its first and last 2xx: bounded by pods and
 * connections, not by requests. Evidence only the whole run shows is weighed in result().
 */
export class DiagnosisTracker {
  private readonly ctx: RuleContext;
  private readonly groups = new Map<string, Group>();
  private readonly lastAnswer = new Map<number, number>();
  private readonly served = new Map<string, number>();
  private readonly lastServed = new Map<string, number>();

  constructor(timeline: readonly TimelineEvent[], phases: Phases) {
    this.ctx = {
      pods: podHistories(timeline),
      endpoints: new EndpointCount(timeline),
      disruptionAt: phases.boundaries.disruption,
      previousAnswerEnd: (conn) => this.lastAnswer.get(conn),
      firstServed: (pod) => this.served.get(pod),
    };
  }

  add(r: RequestRecord, outcome: Outcome): void {
    const end = requestEnd(r);
    if (isFailure(outcome)) addTo(this.groups, attribute(r, outcome, this.ctx), 1, r.t, end);
    // Only kept-alive connections are reused; one that failed is gone (the engine never reuses it).
    if (r.stream === 'keep-alive' && r.conn) {
      if (httpStatus(r.code) !== undefined) this.lastAnswer.set(r.conn, end);
      else this.lastAnswer.delete(r.conn);
    }
    if (outcome === 'ok' && r.pod) {
      if (r.t < (this.served.get(r.pod) ?? Infinity)) this.served.set(r.pod, r.t);
      if (r.t > (this.lastServed.get(r.pod) ?? -Infinity)) this.lastServed.set(r.pod, r.t);
    }
  }

  /** One entry per cause, most requests first; empty when nothing was lost. */
  result(): DiagnosisEntry[] {
    const resolved = new Map<string, Group>();
    for (const g of this.groups.values()) {
      const a = resolvePending(g.attribution, this.lastServed.get(g.attribution.pending?.pod ?? ''));
      addTo(resolved, a, g.count, g.from, g.to);
    }
    const totals = new Map<Cause, { count: number; pods: string[]; evidence: CauseEvidence[] }>();
    for (const { cause, attribution: _, ...e } of resolved.values()) {
      const t = totals.get(cause) ?? { count: 0, pods: [], evidence: [] };
      t.count += e.count;
      t.pods.push(e.pod);
      t.evidence.push({ ...e });
      totals.set(cause, t);
    }
    return diagnosisEntries(totals);
  }
}

/** Adds `count` requests spanning `from`..`to` to the group of attribution `a`. */
function addTo(groups: Map<string, Group>, a: Attribution, count: number, from: number, to: number): void {
  const key = keyOf(a);
  const g = groups.get(key);
  if (g) {
    g.count += count;
    g.from = Math.min(g.from, from);
    g.to = Math.max(g.to, to);
    return;
  }
  const missing = a.missing ? { missing: a.missing } : {};
  groups.set(key, { cause: a.cause, pod: a.pod, count, from, to, detail: a.detail, ...missing, attribution: a });
}
