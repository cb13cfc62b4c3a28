import type { RequestRecord } from '../../load/index.ts';
import { requestEnd } from '../request-end.ts';
import type { PodHistory } from './pod-history.ts';
import { type Attribution, type RuleContext, secs, unknown } from './rule-context.ts';

/**
 * How far a request's send and end may lie from the SIGKILL and still count as in flight at it. On a
 * real cluster the kill is inferred (deletion + grace, or when the watch saw exit 137), so it is
 * known to about a second; on the embedded runtime it is exact.
 */
export const KILL_SLACK_MS = 1000;

/** The request was in flight when the pod was SIGKILLed (sent before it, ended at or after it). */
export function inFlightAtKill(r: RequestRecord, h: PodHistory): boolean {
  return h.killedAt !== undefined && r.t <= h.killedAt + KILL_SLACK_MS && requestEnd(r) >= h.killedAt - KILL_SLACK_MS;
}

const SIGTERM_FROM: Record<NonNullable<PodHistory['sigtermFrom']>, string> = {
  event: '',
  inferred: ' (SIGTERM inferred from the deletion and the preStop sleep)',
  'prestop-end': ' (SIGTERM taken at the end of preStop)',
  deletion: ' (SIGTERM taken at the deletion: no preStop ran)',
};

/**
 * How long after SIGTERM an app that saw it may still answer a request sent to it (a request
 * accepted just before it stopped listening; a SIGTERM time inferred on a real cluster). An answer
 * to a request sent later than this is the pod still serving as if nothing happened.
 */
export const SIGTERM_MARGIN_MS = 1000;

/**
 * A request lost to the pod's SIGKILL, judged only on positive evidence. The kill must be known to
 * be at the grace deadline, and SIGTERM's time known; else unknown, naming which. Then: the app
 * reacted (a readiness failure or the pod turning unready between SIGTERM and the kill), and this
 * kept-alive connection had an answer after SIGTERM yet was reused (so that answer did not say
 * Connection: close): keepalive-not-closed; it reacted otherwise: it was draining and the deadline
 * came first, grace-exceeded. No reaction: sigterm-ignored only if the pod answered a request sent
 * SIGTERM_MARGIN_MS or more after SIGTERM, which only the whole run shows (pending, resolved by
 * metrics/diagnosis/pending.ts); without that answer, unknown.
 */
export function killCause(r: RequestRecord, h: PodHistory, ctx: RuleContext): Attribution {
  const kill = h.killedAt!;
  const at = h.deletedAt !== undefined ? `SIGKILL ${secs(kill - h.deletedAt)} after deletion` : 'SIGKILL';
  const term = h.sigtermAt;
  if (!h.killAtDeadline)
    return unknown(
      h.pod,
      `in flight at ${at}, not known to be at the grace deadline`,
      `the SIGKILL at pod ${h.pod}'s grace deadline (an exit 137 seen before the deadline may be an OOM kill)`,
    );
  if (term === undefined) return unknown(h.pod, `in flight at ${at}: no SIGTERM recorded before it`, `the SIGTERM time of pod ${h.pod}`);
  if (!h.reacted) {
    const quiet = `no readiness failure in the ${secs(kill - term)} from SIGTERM to the kill${SIGTERM_FROM[h.sigtermFrom!]}`;
    return {
      cause: 'sigterm-ignored',
      pod: h.pod,
      detail: `in flight at ${at}, at the grace deadline, ${quiet}`,
      pending: { pod: h.pod, after: term + SIGTERM_MARGIN_MS, sigtermAt: term },
    };
  }
  const reacted = `${h.reacted.how} ${secs(h.reacted.t - term)} after SIGTERM`;
  const previous = r.fresh ? undefined : ctx.previousAnswerEnd(r.conn);
  if (r.t >= term && previous !== undefined && previous > term) {
    return {
      cause: 'keepalive-not-closed',
      pod: h.pod,
      detail: `${reacted} (the app saw it), yet this kept-alive connection was answered after SIGTERM without Connection: close and was still open at ${at}`,
    };
  }
  const sent = r.t < term ? 'sent before SIGTERM' : 'sent after SIGTERM';
  return {
    cause: 'grace-exceeded',
    pod: h.pod,
    detail: `${sent}, still unanswered at ${at}, ${secs(kill - term)} after SIGTERM; the app was draining (${reacted})`,
  };
}

/** For a request that names no pod: the killed pod whose SIGKILL it was in flight at (the kill nearest its end). */
export function killedAround(r: RequestRecord, pods: Iterable<PodHistory>): PodHistory | undefined {
  const end = requestEnd(r);
  let best: PodHistory | undefined;
  for (const h of pods) {
    if (!inFlightAtKill(r, h) || Math.abs(end - h.killedAt!) > KILL_SLACK_MS) continue;
    if (!best || Math.abs(end - h.killedAt!) < Math.abs(end - best.killedAt!)) best = h;
  }
  return best;
}
