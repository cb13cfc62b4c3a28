import { request } from 'node:http';
import { connectOnce } from '../util/index.ts';
import type { Container, HTTPGetAction, TCPSocketAction } from './manifest-types.ts';

/** Where an httpGet or tcpSocket probe or hook acts: the pod's address and the container (for named ports). */
export interface NetworkTarget {
  ip: string;
  container: Container;
}

/** A named port (`port: http`) resolves through the container's `ports[].name`. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * The request path of an httpGet action as the kubelet sends it: `/` when unset or empty, and a
 * leading slash added to one written without it (`healthz` is requested as `/healthz`).
 */
export function probePath(action: Pick<HTTPGetAction, 'path'>): string {
  const path = action.path ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}

/** One HTTP GET against ip:port at probePath(action); passes on a status in [200, 400). Redirects are not followed. */
export function httpGetOnce(action: HTTPGetAction, t: NetworkTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const port = resolvePort(action.port, t.container);
  if (port === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request(
      {
        host: t.ip,
        port,
        method: 'GET',
        path: probePath(action),
        agent: false,
        signal,
        headers: { 'user-agent': 'kube-probe/1.33', accept: '*/*', connection: 'close' },
      },
      (res) => {
        const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 400;
        res.resume();
        res.once('end', () => req.destroy());
        finish(ok);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(false);
    }, timeoutMs);
    req.once('error', () => finish(false));
    req.end();
    function finish(ok: boolean): void {
      clearTimeout(timer);
      resolve(ok);
    }
  });
}

/** One TCP connect to ip:port; passes as soon as the connection is accepted. */
export async function tcpOnce(action: TCPSocketAction, t: NetworkTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const port = resolvePort(action.port, t.container);
  if (port === undefined) return false;
  return (await connectOnce(t.ip, port, timeoutMs, signal)) === 'connected';
}
