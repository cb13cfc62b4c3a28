import type { StreamName } from '../types.ts';
import type { LoadSettings } from './load-settings.ts';

/**
 * Load settings used when scenario.yaml (or a bring-your-own manifest) says nothing: 100
 * requests/s, half on kept-alive connections and half on a new connection each, as many
 * connections as rate x timeout needs. The keep-alive pool takes the most recently used idle
 * connection first, as Go's Transport, Node's Agent and urllib3 do, and closes one idle for 2 s:
 * those clients retry a request that meets a connection the server closed while idle, zerodrop
 * records it, so it closes its own idle connections before common server keep-alive timeouts
 * (5 s in Node, uvicorn and Apache; 2 s in gunicorn) can race a request.
 */
export const DEFAULT_LOAD: Readonly<LoadSettings> = Object.freeze({
  rate: 100,
  streams: ['keep-alive', 'new-connection'] as StreamName[],
  keepAlivePercent: 50,
  maxConnections: 0,
  timeoutMs: 2000,
  reconnectEvery: 0,
  poolOrder: 'lifo',
  idleCloseMs: 2000,
  baselineSeconds: 3,
  recoverySeconds: 3,
  path: '/',
});

/** The default keep-alive pool as the load driver takes it. */
export const DEFAULT_POOL = Object.freeze({ order: DEFAULT_LOAD.poolOrder, idleCloseMs: DEFAULT_LOAD.idleCloseMs });
