import type { RequestRecord } from '../../load/index.ts';
import type { Phases } from '../../timeline/index.ts';
import type { TimelineEvent } from '../../timeline/index.ts';
import { httpStatus, isFailure } from '../classify.ts';
import { requestEnd } from '../request-end.ts';
import type { Outcome } from '../types.ts';
import { attribute } from './attribute.ts';
import { diagnosisEntries, type Cause, type CauseEvidence, type DiagnosisEntry } from './causes.ts';
import { EndpointCount, podHistories } from './pod-history.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * A run's diagnosis: every failed request whose outcome became known in a phase gets a cause
 * (metrics/diagnosis/attribute.ts), from the run's timeline and the records before it. Fed every
 * record once, in log order; keeps per group (cause, pod, reason) a count and a time span, per
 * open kept-alive connection the end of its last answer, and per pod its first 2xx: bounded by
 * pods and connections, not by requests.
 */
export class DiagnosisTracker {
  private readonly phases: Phases;
  private readonly ctx: RuleContext;
  private readonly groups = new Map<string, CauseEvidence & { cause: Cause }>();
  private readonly lastAnswer = new Map<number, number>();
  private readonly served = new Map<string, number>();

  constructor(timeline: readonly TimelineEvent[], phases: Phases) {
    this.phases = phases;
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
    if (isFailure(outcome) && this.phases.phaseOf(end)) {
      const a = attribute(r, outcome, this.ctx);
      const key = `${a.cause}\n${a.pod}\n${a.detail}`;
      const g = this.groups.get(key);
      if (g) {
        g.count++;
        g.from = Math.min(g.from, r.t);
        g.to = Math.max(g.to, end);
      } else this.groups.set(key, { cause: a.cause, pod: a.pod, count: 1, from: r.t, to: end, detail: a.detail });
    }
    // Only kept-alive connections are reused; one that failed is gone (the engine never reuses it).
    if (r.stream === 'keep-alive' && r.conn) {
      if (httpStatus(r.code) !== undefined) this.lastAnswer.set(r.conn, end);
      else this.lastAnswer.delete(r.conn);
    }
    if (outcome === 'ok' && r.pod && r.t < (this.served.get(r.pod) ?? Infinity)) this.served.set(r.pod, r.t);
  }

  /** One entry per cause, most requests first; empty when nothing was lost. */
  result(): DiagnosisEntry[] {
    const totals = new Map<Cause, { count: number; pods: string[]; evidence: CauseEvidence[] }>();
    for (const { cause, ...e } of this.groups.values()) {
      const t = totals.get(cause) ?? { count: 0, pods: [], evidence: [] };
      t.count += e.count;
      t.pods.push(e.pod);
      t.evidence.push({ ...e });
      totals.set(cause, t);
    }
    return diagnosisEntries(totals);
  }
}
