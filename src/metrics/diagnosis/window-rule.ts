import { CODES } from '../../load/index.ts';
import type { RequestRecord } from '../../load/index.ts';
import type { PodHistory } from './pod-history.ts';
import { secs, type Attribution, type RuleContext } from './rule-context.ts';

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

/** The deleted pod whose endpoint was still (or, for a failed connect, lately) in the data path at `t`; the latest deletion wins, a pod still in the Service over one just removed. */
function racingPod(t: number, connect: boolean, pods: Iterable<PodHistory>): Candidate | undefined {
  let best: Candidate | undefined;
  for (const h of pods) {
    if (h.deletedAt === undefined || t < h.deletedAt) continue;
    const until = h.endpointRemovedAt ?? h.exitAt ?? Infinity;
    const after = t > until;
    if (after && (!connect || t - until > DATA_PATH_ALLOWANCE_MS)) continue;
    if (!best || (best.after && !after) || (best.after === after && h.deletedAt > best.h.deletedAt!)) best = { h, after };
  }
  return best;
}

function raceDetail({ h, after }: Candidate): string {
  const removed = h.endpointRemovedAt;
  if (removed === undefined) return 'sent after the deletion; no endpoint removal recorded for the pod';
  const when = `endpoint removed ${secs(removed - h.deletedAt!)} after deletion`;
  return after
    ? `a connect that failed after endpoint removal (${when}), within the data path lag (kube-proxy may route to it up to ${secs(DATA_PATH_ALLOWANCE_MS)} later)`
    : `sent after the deletion, before the endpoint left the data path (${when})`;
}

/**
 * A failure that names no pod (the connection failed before any answer), placed by its send time:
 * the Service had no endpoint in service (no-endpoints), or a deleted pod's endpoint was still in
 * the data path (propagation-race). Undefined when neither holds.
 */
export function windowCause(r: RequestRecord, ctx: RuleContext): Attribution | undefined {
  if (ctx.endpoints.at(r.t) === 0) return { cause: 'no-endpoints', pod: '', detail: 'sent while the Service had no endpoint in service' };
  const c = racingPod(r.t, isConnectFailure(r), ctx.pods.values());
  return c
    ? { cause: 'propagation-race', pod: c.h.pod, detail: `failed before any answer, placed by its send time: ${raceDetail(c)}` }
    : undefined;
}
