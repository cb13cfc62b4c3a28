import type { RequestRecord } from '../../load/index.ts';
import { CODES } from '../../load/index.ts';
import type { PodHistory } from './pod-history.ts';
import { type Attribution, type RuleContext, secs, unknown } from './rule-context.ts';

/**
 * How long after a pod's endpoint left the EndpointSlice a node's data path may still send it new
 * connections: kube-proxy applies a change on its next sync (iptables mode: at least 1 s apart; on
 * kind SYNs reached a gone pod for about 3 s). On the embedded runtime the endpoint-removed event
 * is the data path's own change, so nothing fails inside this allowance there.
 */
export const DATA_PATH_ALLOWANCE_MS = 5000;

/** Codes of a connection that never got through (refused, SYN unanswered, no route). */
const CONNECT_FAILURES = new Set<string>([CODES.refused, CODES.connectTimeout, 'EHOSTUNREACH', 'ENETUNREACH']);
export const isConnectFailure = (r: RequestRecord) => CONNECT_FAILURES.has(String(r.code));
interface Candidate {
  h: PodHistory;
  after: boolean;
}

/**
 * The deleted pod whose endpoint was still (or, for a failed connect, lately) in the data path at
 * `t`, by its recorded endpoint removal; the latest deletion wins, a pod still in the Service over
 * one just removed.
 */
function racingPod(t: number, connect: boolean, pods: Iterable<PodHistory>): Candidate | undefined {
  let best: Candidate | undefined;
  for (const h of pods) {
    if (h.deletedAt === undefined || t < h.deletedAt || h.endpointRemovedAt === undefined) continue;
    const until = h.endpointRemovedAt;
    const after = t > until;
    if (after && (!connect || t - until > DATA_PATH_ALLOWANCE_MS)) continue;
    if (!best || (best.after && !after) || (best.after === after && h.deletedAt > best.h.deletedAt!)) best = { h, after };
  }
  return best;
}

/** A pod deleted by `t`, not long gone, whose endpoint removal the timeline lacks: the race cannot be judged. */
function unobservedRemoval(t: number, pods: Iterable<PodHistory>): PodHistory | undefined {
  let best: PodHistory | undefined;
  for (const h of pods) {
    if (h.deletedAt === undefined || t < h.deletedAt || h.endpointRemovedAt !== undefined) continue;
    if (t > (h.exitAt ?? Infinity) + DATA_PATH_ALLOWANCE_MS) continue;
    if (!best || h.deletedAt > best.deletedAt!) best = h;
  }
  return best;
}

function raceDetail({ h, after }: Candidate): string {
  const removed = h.endpointRemovedAt!;
  const when = `endpoint removed ${secs(removed - h.deletedAt!)} after deletion`;
  return after
    ? `a connect that failed after endpoint removal (${when}), within the data path lag (kube-proxy may route to it up to ${secs(DATA_PATH_ALLOWANCE_MS)} later)`
    : `sent after the deletion, before the endpoint left the data path (${when})`;
}

/**
 * A failure that names no pod (the connection failed before any answer), placed by its send time:
 * the endpoint events show no endpoint in service (no-endpoints), or a deleted pod's recorded
 * endpoint removal came after it (propagation-race). A pod deleted before it whose removal was
 * never recorded: unknown, naming that removal. Undefined when none of these holds.
 */
export function windowCause(r: RequestRecord, ctx: RuleContext): Attribution | undefined {
  if (ctx.endpoints.at(r.t) === 0) return { cause: 'no-endpoints', pod: '', detail: 'sent while the Service had no endpoint in service' };
  const c = racingPod(r.t, isConnectFailure(r), ctx.pods.values());
  if (c) return { cause: 'propagation-race', pod: c.h.pod, detail: `failed before any answer, placed by its send time: ${raceDetail(c)}` };
  const u = unobservedRemoval(r.t, ctx.pods.values());
  return u
    ? unknown(
        u.pod,
        `failed before any answer, sent ${secs(r.t - u.deletedAt!)} after the deletion of pod ${u.pod}, whose endpoint removal was not recorded`,
        `the endpoint removal of pod ${u.pod} (an endpoint-removed event)`,
      )
    : undefined;
}
