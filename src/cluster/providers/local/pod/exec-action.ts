import { spawn } from 'node:child_process';
import type { ExecAction, NetworkTarget } from '../../../../k8s/index.ts';
import { inPodNamespaces } from './netns-exec.ts';

/** Where a probe or hook acts in the embedded runtime: the pod's address, the container's ports, working dir and env. */
export interface ActionTarget extends NetworkTarget {
  cwd: string;
  env: Record<string, string>;
  /** The pod's network namespace (exec actions run in it); unset when pods share the host network. */
  netns?: string;
  /** Host pid of the container's PID 1 when it has its own PID namespace (exec actions run in it too). */
  pid1?: () => number | undefined;
}

/**
 * Run a command with the container's working dir and env, in its namespaces (inPodNamespaces);
 * passes on exit 0. On timeout (when `timeoutMs` is finite) or abort, the command and its process
 * group are killed and it fails.
 */
export function execOnce(action: ExecAction, t: ActionTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (action.command[0] === undefined) return Promise.resolve(false);
  const [cmd, ...args] = inPodNamespaces(t.netns, t.pid1?.(), action.command) as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: t.cwd, env: t.env, stdio: 'ignore', detached: true });
    const killAll = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = Number.isFinite(timeoutMs) ? setTimeout(killAll, timeoutMs) : undefined;
    signal?.addEventListener('abort', killAll, { once: true });
    if (signal?.aborted) killAll();
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', killAll);
      resolve(ok);
    };
    child.once('error', () => finish(false));
    child.once('exit', (code) => {
      killAll();
      finish(code === 0);
    });
  });
}
