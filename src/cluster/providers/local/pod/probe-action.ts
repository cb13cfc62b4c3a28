import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Container, ExecAction, HTTPGetAction, TCPSocketAction } from '../../../../k8s/manifest-types.ts';
import { inPodNamespaces } from './netns-exec.ts';

/** Where a probe or hook acts: the pod's address and the container's ports, working dir and env. */
export interface ActionTarget {
  ip: string;
  container: Container;
  cwd: string;
  env: Record<string, string>;
  /** The pod's network namespace (exec actions run in it); unset when pods share the host network. */
  netns?: string;
  /** Host pid of the container's PID 1 when it has its own PID namespace (exec actions run in it too). */
  pid1?: () => number | undefined;
}

/** A named port (`port: http`) resolves through the container's `ports[].name`. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** One HTTP GET against ip:port; passes on a status in [200, 400). Redirects are not followed. */
export function httpGetOnce(action: HTTPGetAction, t: ActionTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const port = resolvePort(action.port, t.container);
  if (port === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({
      host: t.ip, port, method: 'GET', path: action.path ?? '/', agent: false, signal,
      headers: { 'user-agent': 'kube-probe/1.33', accept: '*/*', connection: 'close' },
    }, (res) => {
      const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 400;
      res.resume();
      res.once('end', () => req.destroy());
      finish(ok);
    });
    const timer = setTimeout(() => { req.destroy(); finish(false); }, timeoutMs);
    req.once('error', () => finish(false));
    req.end();
    function finish(ok: boolean): void {
      clearTimeout(timer);
      resolve(ok);
    }
  });
}

/** One TCP connect to ip:port; passes as soon as the connection is accepted. */
export function tcpOnce(action: TCPSocketAction, t: ActionTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const port = resolvePort(action.port, t.container);
  if (port === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const sock = connect({ host: t.ip, port, signal });
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
    function finish(ok: boolean): void {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    }
  });
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
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
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
