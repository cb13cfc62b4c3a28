import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startLoad } from '../../src/load/load-driver.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';
import type { ConnectionEvent, KeepAlivePool, RequestRecord, StreamName } from '../../src/load/types.ts';

/** A real HTTP server on 127.0.0.1:0 that counts the requests and connections it sees. */
export interface TestServer {
  port: number;
  requests: number;
  connections: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const s: TestServer = { port: 0, requests: 0, connections: 0, server: undefined as unknown as Server, close: async () => undefined };
  const server = createServer((req, res) => handler(req, res, ++s.requests));
  server.on('connection', (sock) => {
    s.connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s.server = server;
  s.port = (server.address() as AddressInfo).port;
  s.close = () =>
    new Promise<void>((r) => {
      for (const k of sockets) k.destroy();
      server.close(() => r());
    });
  return s;
}

/** A port on 127.0.0.1 with nothing listening (bound then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface LoadForOptions {
  /** Requests/s per stream. */
  rate?: number;
  streams?: StreamName[];
  maxConnections?: number;
  timeoutMs?: number;
  reconnectEvery?: number;
  /** The keep-alive pool (default: the load default, lifo with a 2 s idle close). */
  pool?: KeepAlivePool;
  /** Collects the connection events (unsolicited answers) when given. */
  events?: ConnectionEvent[];
}

/** Runs the load driver for `ms` against 127.0.0.1:port (one keep-alive stream unless told) and returns every record. */
export async function loadFor(port: number, ms: number, o: LoadForOptions = {}): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  const run = startLoad({
    target: { host: '127.0.0.1', port, path: '/' },
    streams: (o.streams ?? ['keep-alive']).map((name) => ({ name, rate: o.rate ?? 20 })),
    maxConnections: o.maxConnections ?? 100,
    timeoutMs: o.timeoutMs ?? 2000,
    reconnectEvery: o.reconnectEvery ?? 0,
    pool: o.pool ?? DEFAULT_POOL,
    onRecord: (r) => records.push(r),
    onEvent: (e) => o.events?.push(e),
  });
  await new Promise((r) => setTimeout(r, ms));
  await run.stop();
  return records;
}

export function countBy<T>(items: readonly T[], key: (x: T) => string | number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[String(key(x))] = (out[String(key(x))] ?? 0) + 1;
  return out;
}
