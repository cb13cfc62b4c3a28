import type { LifecycleHandler } from '../../k8s/index.ts';

/**
 * How long a pod's endpoint removal takes to reach every kube-proxy and load balancer once the
 * pod is terminating: about 1 s (the scenarios' preStop comment says ~1 s). Until then new
 * connections still arrive, so a preStop hook must wait at least this long.
 */
export const ENDPOINT_PROPAGATION_SECONDS = 1;

/**
 * The least time after SIGTERM an app needs to answer the requests in flight and close its idle
 * keep-alive connections (a request of ordinary latency plus an idle close).
 */
export const MIN_DRAIN_SECONDS = 1;

/** terminationGracePeriodSeconds when the pod spec does not set it. */
export const DEFAULT_GRACE_SECONDS = 30;

/**
 * Seconds a preStop hook keeps the container from SIGTERM: `sleep.seconds`, or the sum of the
 * `sleep N` in an exec hook (0 when it has none: `nginx -s quit` returns at once); undefined
 * when it cannot be told (httpGet, `sleep $DELAY`).
 */
export function preStopSeconds(h: LifecycleHandler): number | undefined {
  if (h.sleep) return h.sleep.seconds ?? 0;
  if (!h.exec) return undefined;
  const text = h.exec.command.join(' ');
  let total = 0;
  for (const m of text.matchAll(/(?:^|[\s;&|/(])sleep\s+(\S+)/g)) {
    const n = /^(\d+(?:\.\d+)?)s?$/.exec(m[1].replace(/^["']|["';)]+$/g, ''));
    if (!n) return undefined;
    total += Number(n[1]);
  }
  return total;
}
