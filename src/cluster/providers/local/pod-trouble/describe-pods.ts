import { ZerodropError } from '../../../../errors/index.ts';
import type { DeploymentController } from '../controller/deployment-controller.ts';
import { CRASH_LOOP_LIMIT } from '../controller/deployment-controller.ts';
import type { PodRecord } from '../controller/pod-store.ts';
import type { NodeScheduler } from '../scheduler.ts';

/** Why a pod keeps a wait from finishing, or undefined when it is updated and available. */
export function podTrouble(
  pod: PodRecord,
  controller: DeploymentController,
  scheduler: NodeScheduler,
  now = Date.now(),
): string | undefined {
  if (pod.failed) return pod.failed;
  if (pod.deletionTimestamp) return `terminating for ${((now - pod.deletionTimestamp) / 1000).toFixed(1)} s`;
  if (!pod.node) return scheduler.nodes().every((n) => scheduler.isCordoned(n)) ? 'pending: every node is cordoned' : 'pending';
  const old = pod.revision !== controller.currentRevision ? 'old revision, ' : '';
  if (!pod.ready) return `${old}not ready`;
  if (!controller.isAvailable(pod.name, now)) return `${old}ready but not yet available (minReadySeconds)`;
  return old ? 'old revision, still running' : undefined;
}

/** "name (reason), ..." for every pod that is not both updated and available. */
export function describePods(pods: readonly PodRecord[], controller: DeploymentController, scheduler: NodeScheduler): string {
  const now = Date.now();
  return pods
    .map((p) => [p.name, podTrouble(p, controller, scheduler, now)] as const)
    .filter(([, why]) => why !== undefined)
    .map(([name, why]) => `${name} (${why})`)
    .join(', ');
}

/**
 * A failure no amount of waiting fixes: a pod that could not start (its ZerodropError's file, field
 * and hint are kept), or a crash loop.
 */
export function fatalFailure(pods: readonly PodRecord[], what: string): ZerodropError | undefined {
  const failed = pods.filter((p) => p.failed);
  const cannotStart = failed.find((p) => p.startError !== undefined);
  if (cannotStart) {
    const e = cannotStart.startError;
    const opts = e instanceof ZerodropError ? { file: e.file, field: e.field, hint: e.hint, cause: e } : { cause: e };
    return new ZerodropError(`${what}: pod ${cannotStart.name} ${cannotStart.failed}`, opts);
  }
  if (failed.length >= CRASH_LOOP_LIMIT) {
    return new ZerodropError(
      `${what}: ${failed.length} pods exited without being deleted: ${failed.map((p) => `${p.name} (${p.failed})`).join(', ')}`,
    );
  }
  return undefined;
}
