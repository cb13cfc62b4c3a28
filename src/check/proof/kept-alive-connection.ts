import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import type { ProofContainer } from './start-proof-container.ts';

/** An idle kept-alive connection to the app, as a pooled client holds one: when (if) the app closed it. */
export interface KeptAlive {
  /** Epoch ms the app closed the idle connection; undefined while it is open. */
  closedAt(): number | undefined;
  close(): void;
}

/**
 * One GET of `/` on a keep-alive connection, answered and then left idle in its pool (undefined
 * when the app did not answer 2xx or closed the connection with its answer). A draining app
 * closes such connections after SIGTERM; one that never does keeps its clients pinned until SIGKILL.
 */
export async function openKeptAlive(c: ProofContainer, port: number, timeoutMs: number): Promise<KeptAlive | undefined> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { host, port: p } = c.address(port);
  let socket: Socket | undefined;
  let closedAt: number | undefined;
  const ok = await new Promise<boolean>((resolve) => {
    const req = request({ host, port: p, path: '/', agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve((res.statusCode ?? 0) < 300 && res.headers.connection?.toLowerCase() !== 'close'));
    });
    req.once('socket', (s) => {
      socket = s;
      s.once('close', () => {
        closedAt ??= Date.now();
      });
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
  if (!ok || !socket || socket.destroyed) {
    agent.destroy();
    return undefined;
  }
  return { closedAt: () => closedAt, close: () => agent.destroy() };
}
