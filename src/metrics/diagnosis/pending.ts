import { SIGTERM_MARGIN_MS } from './kill-rule.ts';
import { type Attribution, secs, unknown } from './rule-context.ts';

/**
 * Decides an attribution that waited for the whole run (a candidate sigterm-ignored): `lastServed`
 * is the latest send time of a request the pod answered 2xx/3xx. An answer to a request sent
 * SIGTERM_MARGIN_MS or more after SIGTERM is the pod serving on as if nothing happened:
 * sigterm-ignored. Without it, no evidence tells an ignored SIGTERM from an app that stopped
 * serving but showed it to no probe (no readiness probe, a probe period longer than the window, a
 * readiness endpoint that ignores SIGTERM, Events the kubeconfig cannot list): unknown.
 */
export function resolvePending(a: Attribution, lastServed: number | undefined): Attribution {
  const p = a.pending;
  if (!p) return a;
  if (lastServed !== undefined && lastServed >= p.after)
    return {
      cause: a.cause,
      pod: a.pod,
      detail: `${a.detail}; pod ${p.pod} still answered a request sent ${secs(lastServed - p.sigtermAt)} after SIGTERM`,
    };
  return unknown(
    a.pod,
    `${a.detail}; pod ${p.pod} answered no request sent ${secs(SIGTERM_MARGIN_MS)} or more after SIGTERM`,
    `a sign that pod ${p.pod} saw SIGTERM (a readiness failure or the pod turning unready before the kill) or that it ignored it (an answer to a request sent ${secs(SIGTERM_MARGIN_MS)} or more after SIGTERM)`,
  );
}
