import { request } from 'node:http';
import type { Container, Probe } from '../../k8s/index.ts';
import { httpGetOnce as probeGet, probePath, resolvePort, tcpOnce } from '../../k8s/index.ts';
import { sleep } from '../../util/index.ts';
import type { ProofContainer } from './start-proof-container.ts';

/** One GET on a fresh connection: its status, or what went wrong instead (`refused connections`, `timed out`, ...). */
export type GetOutcome = { status: number; at: number } | { error: string; at: number };

/** `onConnect` is called once the TCP connection is up (the request goes out right then). */
export function getOnce(c: ProofContainer, port: number, path: string, timeoutMs: number, onConnect?: () => void): Promise<GetOutcome> {
  const { host, port: p } = c.address(port);
  return new Promise((resolve) => {
    const end = (o: { status: number } | { error: string }) => resolve({ ...o, at: Date.now() });
    const req = request({ host, port: p, path, agent: false, timeout: timeoutMs, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.once('end', () => end({ status: res.statusCode ?? 0 }));
      res.once('error', (err: NodeJS.ErrnoException) => end({ error: err.code ?? err.message }));
    });
    req.once('socket', (s) => s.once('connect', () => onConnect?.()));
    req.once('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.once('error', (err: NodeJS.ErrnoException) => end({ error: err.code ?? err.message }));
    req.end();
  });
}

/** `answered 503`, `refused connections`, `timed out`, `failed (ECONNRESET)`. */
export function describeGet(o: GetOutcome): string {
  if ('status' in o) return `answered ${o.status}`;
  if (o.error === 'ECONNREFUSED') return 'refused connections';
  if (o.error === 'ETIMEDOUT') return 'timed out';
  return `failed (${o.error})`;
}

export const served = (o: GetOutcome | undefined): boolean => o !== undefined && 'status' in o && o.status >= 200 && o.status < 300;

/** What a probe checks, for the report: `httpGet /readyz:8080`, `tcpSocket :8080`, `exec cat /tmp/ready`. */
export function describeProbe(p: Probe): string {
  if (p.httpGet) return `httpGet ${probePath(p.httpGet)}:${p.httpGet.port}`;
  if (p.tcpSocket) return `tcpSocket :${p.tcpSocket.port}`;
  return `exec ${p.exec?.command.join(' ') ?? ''}`;
}

/** One look of the kubelet's prober: httpGet passes on 200-399, tcpSocket on a connect, exec on exit 0. */
export async function probeOnce(p: Probe, c: ProofContainer, spec: Container): Promise<boolean> {
  const timeoutMs = (p.timeoutSeconds ?? 1) * 1000;
  const action = p.httpGet ?? p.tcpSocket;
  if (action) {
    const port = resolvePort(action.port, spec);
    if (port === undefined) return false;
    const a = c.address(port);
    const t = { ip: a.host, container: spec, cwd: '/', env: {} };
    return p.httpGet ? probeGet({ ...p.httpGet, port: a.port }, t, timeoutMs) : tcpOnce({ port: a.port }, t, timeoutMs);
  }
  if (!p.exec?.command.length) return false;
  const r = await Promise.race([c.exec(p.exec.command).catch(() => undefined), sleep(timeoutMs).then(() => undefined)]);
  return r?.exitCode === 0;
}
