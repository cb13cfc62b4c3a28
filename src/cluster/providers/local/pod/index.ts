/**
 * The embedded runtime's kubelet: pods as real processes (public API for the local provider).
 * - LocalPod: start() spawns every container (PID 1 of its own PID namespace when `pid1`, else a
 *   process-group leader); probes (startup, then readiness/liveness) drive `ready` and the 'ready'
 *   event; terminate() runs preStop, the image's STOPSIGNAL and SIGKILL at the grace deadline;
 *   kill() is silent cleanup. The pod emits 'exit' once every container has exited for good.
 * - Timeline: pod-created, pod-ready, pod-unready, prestop-start, prestop-end, sigterm (detail: the
 *   signal), sigkill, exit (detail: exit code; also on crashes), note (probe failures, restarts).
 */

export { resolveCommand } from '../../../../k8s/index.ts';
export { LocalPod, type LocalPodOptions } from './local-pod.ts';
export { detectPid1Support, pid1UnshareArgs } from './pid1-support.ts';
export { PROBE_DEFAULTS } from './prober.ts';
export { stageImage } from './stage-image.ts';
