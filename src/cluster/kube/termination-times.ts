import type { V1Pod } from '@kubernetes/client-node';

/**
 * The kubelet's minimumGracePeriodInSeconds (killContainer): the stop signal is always given at least
 * this long before SIGKILL, with or without a preStop hook, whatever the grace period (a grace of 0 or 1
 * included), also when a preStop hook was still running at the grace deadline.
 */
export const MIN_KILL_GRACE_MS = 2000;
/** The same minimum, under its older name. */
export const MIN_GRACE_AFTER_PRESTOP_MS = MIN_KILL_GRACE_MS;

/**
 * The grace period the kubelet works with, in seconds: the pod worker raises anything below 1 to 1
 * (calculateEffectiveGracePeriod), so a delete with grace 0 still runs preStop (1 s) and the stop signal.
 */
export function effectiveGraceSeconds(graceSeconds: number): number {
  return Math.max(1, graceSeconds);
}

/**
 * When SIGKILL comes after a preStop hook, as the kubelet's killContainer computes it: the grace left
 * at the hook's start minus the hook's duration in whole seconds (the kubelet truncates it), at least
 * MIN_GRACE_AFTER_PRESTOP_MS, counted from the hook's end. The embedded runtime kills by it; the
 * kube timeline infers a real pod's SIGKILL time by it.
 */
export function killAfterPreStop(hookStart: number, hookEnd: number, deadline: number): number {
  const left = deadline - hookStart - Math.floor((hookEnd - hookStart) / 1000) * 1000;
  return hookEnd + Math.max(MIN_KILL_GRACE_MS, left);
}

/**
 * How long after its deletion a pod's containers get SIGTERM, from its spec: 0 without a preStop
 * hook, the sleep of a `sleep` hook (the longest over containers); undefined when a hook runs a
 * command or an HTTP call, whose duration the API does not show.
 */
export function sigtermDelayMs(pod: V1Pod): number | undefined {
  let ms = 0;
  for (const c of pod.spec?.containers ?? []) {
    const hook = c.lifecycle?.preStop;
    if (!hook) continue;
    if (!hook.sleep || hook.exec || hook.httpGet || hook.tcpSocket) return undefined;
    ms = Math.max(ms, Number(hook.sleep.seconds ?? 0) * 1000);
  }
  return ms;
}

/**
 * How long after its deletion the kubelet SIGKILLs a container that did not exit: the grace period
 * (at least MIN_KILL_GRACE_MS: a grace of 0 or 1 gives SIGKILL 2 s after SIGTERM), or after a preStop
 * sleep killAfterPreStop's time. Undefined when the grace period is not known.
 */
export function killDelayMs(graceSeconds: number | undefined, sigtermMs: number | undefined): number | undefined {
  if (graceSeconds === undefined) return undefined;
  const grace = effectiveGraceSeconds(graceSeconds) * 1000;
  return sigtermMs ? killAfterPreStop(0, sigtermMs, grace) : Math.max(MIN_KILL_GRACE_MS, grace);
}
