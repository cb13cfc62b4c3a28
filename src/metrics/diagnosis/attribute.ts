import type { RequestRecord } from '../../load/index.ts';
import { requestEnd } from '../request-end.ts';
import type { Outcome } from '../types.ts';
import { httpCause } from './http-rule.ts';
import { inFlightAtKill, KILL_SLACK_MS, killCause, killedAround } from './kill-rule.ts';
import { type Attribution, type RuleContext, secs, unknown } from './rule-context.ts';
import { isConnectFailure, windowCause } from './window-rule.ts';

/**
 * The cause of one failed request, from the timeline and the records before it:
 * - before the disruption started: unknown;
 * - a 5xx: the HTTP rule (not-ready);
 * - naming a pod (a kept-alive connection that had answered): in flight at that pod's SIGKILL, the
 *   kill rule (sigterm-ignored, keepalive-not-closed, grace-exceeded); else unknown, naming the
 *   evidence that was missing;
 * - naming no pod: in flight at some pod's SIGKILL (not a failed connect), the kill rule on that
 *   pod; else by its send time, no-endpoints or propagation-race; else unknown.
 */
export function attribute(r: RequestRecord, outcome: Outcome, ctx: RuleContext): Attribution {
  const code = typeof r.code === 'number' ? `HTTP ${r.code}` : r.code;
  if (requestEnd(r) < ctx.disruptionAt)
    return unknown(r.pod, 'failure before any disruption', 'a disruption before it: it ended before the disruption started');
  if (outcome === 'http5xx') return httpCause(r, ctx);
  if (r.pod) {
    const h = ctx.pods.get(r.pod);
    if (!h)
      return unknown(r.pod, `${code} on a connection to pod ${r.pod}, which has no timeline event`, `timeline events of pod ${r.pod}`);
    if (inFlightAtKill(r, h)) return killCause(r, h, ctx);
    if (h.deletedAt === undefined)
      return unknown(
        r.pod,
        `${code} on a connection to pod ${r.pod}, which was not terminating (no deletion in the timeline)`,
        `a deletion, SIGKILL or exit of pod ${r.pod} around the failure`,
      );
    if (h.exitAt !== undefined && h.killedAt === undefined && Math.abs(requestEnd(r) - h.exitAt) <= KILL_SLACK_MS) {
      const since = h.sigtermAt !== undefined ? ` ${secs(h.exitAt - h.sigtermAt)} after SIGTERM` : '';
      return unknown(
        r.pod,
        `in flight when pod ${r.pod} exited (code ${h.exitCode ?? 'unknown'})${since}, before its grace deadline: an app exiting without draining fits no rule`,
        `a SIGKILL of pod ${r.pod} at its grace deadline (it exited by itself before it)`,
      );
    }
    return unknown(
      r.pod,
      `${code} on a kept-alive connection to pod ${r.pod} after its deletion, not at its SIGKILL or exit`,
      `a SIGKILL or exit of pod ${r.pod} when the request ended`,
    );
  }
  const killed = isConnectFailure(r) ? undefined : killedAround(r, ctx.pods.values());
  if (killed) return killCause(r, killed, ctx);
  const placed = windowCause(r, ctx);
  if (placed) return placed;
  const n = ctx.endpoints.at(r.t);
  return unknown(
    '',
    `${code} naming no pod, while no pod was terminating or killed${n === undefined ? ' and no endpoint event was recorded' : ` and ${n} endpoint(s) were in service`}`,
    n === undefined
      ? 'endpoint events (the EndpointSlice watch) and a pod deleted or killed when it was sent'
      : 'a pod deleted or killed, or no endpoint in service, when it was sent',
  );
}
