import type { RequestRecord } from '../../load/index.ts';
import type { PodHistory } from './pod-history.ts';
import { type Attribution, type RuleContext, secs, unknown } from './rule-context.ts';

/** A real cluster's pod-ready is stamped when the watch delivers it, up to about this late. */
export const WATCH_SLACK_MS = 1000;

const readyBy = (h: PodHistory, t: number) => h.readyAt !== undefined && h.readyAt <= t + WATCH_SLACK_MS;
const deletedBy = (h: PodHistory, t: number) => h.deletedAt !== undefined && h.deletedAt <= t;

/** For a 5xx naming no pod: the pod that became Ready during the disruption most lately before it (a new pod warming up). */
function newlyReady(r: RequestRecord, ctx: RuleContext): PodHistory | undefined {
  let best: PodHistory | undefined;
  for (const h of ctx.pods.values()) {
    if (h.readyAt === undefined || h.readyAt < ctx.disruptionAt || !readyBy(h, r.t) || deletedBy(h, r.t)) continue;
    if (!best || h.readyAt > best.readyAt!) best = h;
  }
  return best;
}

/**
 * A 5xx answer. From a pod that was Ready (pod-ready or endpoint-added before it), not terminating,
 * and had not yet answered 2xx (by the records so far): not-ready, the pod got traffic before it
 * could serve. Without a pod name (an app that does not send x-zerodrop-pod), laid by time on the
 * pod that had newly become Ready. Anything else is unknown, saying which of these did not hold.
 */
export function httpCause(r: RequestRecord, ctx: RuleContext): Attribution {
  const code = `HTTP ${r.code}`;
  if (!r.pod) {
    const h = newlyReady(r, ctx);
    return h
      ? {
          cause: 'not-ready',
          pod: h.pod,
          detail: `${code} naming no pod, laid by time on pod ${h.pod}, Ready ${secs(h.readyAt! - ctx.disruptionAt)} into the disruption`,
        }
      : unknown(
          '',
          `${code} naming no pod, while no pod had newly become Ready`,
          'the pod that answered (x-zerodrop-pod), or a pod newly Ready when it was sent',
        );
  }
  const h = ctx.pods.get(r.pod);
  if (!h) return unknown(r.pod, `${code} from pod ${r.pod}, which has no timeline event`, `timeline events of pod ${r.pod}`);
  if (deletedBy(h, r.t))
    return unknown(
      r.pod,
      `${code} from pod ${r.pod} after its deletion: a terminating app answering errors fits no rule`,
      'a pod that was Ready and not terminating when it answered',
    );
  if (!readyBy(h, r.t))
    return unknown(
      r.pod,
      `${code} from pod ${r.pod} while it was not Ready`,
      `a pod-ready or endpoint-added event of pod ${r.pod} before it`,
    );
  const served = ctx.firstServed(r.pod);
  if (served !== undefined && served < r.t)
    return unknown(
      r.pod,
      `${code} from pod ${r.pod} after it had answered 2xx: it served, then failed`,
      `a pod that had not yet served: pod ${r.pod} answered 2xx before it`,
    );
  return { cause: 'not-ready', pod: r.pod, detail: `${code} after the pod became Ready, before it first answered 2xx` };
}
