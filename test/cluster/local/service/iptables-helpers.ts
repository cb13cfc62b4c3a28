import http from 'node:http';
import net from 'node:net';
import type { ProxyEndpoint } from '../../../../src/cluster/providers/local/service/l4-proxy.ts';

/** A loopback address away from the pod allocator's /16s (it keeps clear of 127.1.x.x). */
export function loopbackHost(): string {
  return `127.1.${1 + ((Math.random() * 253) | 0)}.${1 + ((Math.random() * 253) | 0)}`;
}

export interface Backend {
  ep: ProxyEndpoint;
  server: http.Server;
  /** Stops listening (like a draining pod); open connections stay. */
  stopListening(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP backend on its own loopback address that names itself in every response. */
export async function backend(name: string): Promise<Backend> {
  const server = http.createServer((_req, res) => res.end(name));
  server.keepAliveTimeout = 30_000;
  const host = loopbackHost();
  await new Promise<void>((r) => server.listen(0, host, r));
  const ep: ProxyEndpoint = {
    pod: name,
    host,
    port: (server.address() as net.AddressInfo).port,
    ready: true,
    serving: true,
    terminating: false,
  };
  const stopListening = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      setImmediate(r);
    });
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
      setImmediate(r);
    });
  return { ep, server, stopListening, close };
}

/** GET / on 127.0.0.1:port; resolves with the body (the backend's name) and the client's local port. */
export function get(port: number, agent: http.Agent | false): Promise<{ body: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ body, localPort: req.socket?.localPort ?? -1 }));
    });
    req.on('error', reject);
  });
}

/** Opens a TCP connection to 127.0.0.1:port and reports 'connected' or the error code. */
export function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('timeout');
    }, 3000);
    sock.on('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve('connected');
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
}
