import { setTimeout as sleep } from 'node:timers/promises';
import type { LifecycleHandler } from '../../../../k8s/index.ts';
import { httpGetOnce } from '../../../../k8s/index.ts';
import { type ActionTarget, execOnce } from './exec-action.ts';

/**
 * Run a preStop handler (exec, httpGet or sleep) to completion or until `signal` aborts it.
 * Resolves whether the handler succeeded; the kubelet goes on with the stop signal either way.
 */
export async function runPreStop(handler: LifecycleHandler, t: ActionTarget, signal: AbortSignal): Promise<boolean> {
  if (handler.exec) return execOnce(handler.exec, t, Infinity, signal);
  if (handler.httpGet) return httpGetOnce(handler.httpGet, t, 2 ** 31 - 1, signal);
  if (handler.sleep) {
    try {
      await sleep((handler.sleep.seconds ?? 0) * 1000, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }
  return true;
}
