import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eligibleEndpoints,
  L4Proxy,
  PROXY_RESET_NOTE,
  type ProxyEndpoint,
} from '../../../../src/cluster/providers/local/service/l4-proxy.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A real HTTP backend on 127.0.0.1 that names itself in every response. */
async function backend(name: string): Promise<ProxyEndpoint> {
  const srv = http.createServer((_req, res) => res.end(name));
  srv.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(r);
      }),
  );
  return ep(name, (srv.address() as net.AddressInfo).port);
}

function ep(pod: string, port: number, over: Partial<ProxyEndpoint> = {}): ProxyEndpoint {
  return { pod, host: '127.0.0.1', port, ready: true, serving: true, terminating: false, ...over };
}

async function proxyFor(eps: ProxyEndpoint[]): Promise<{ proxy: L4Proxy; port: number }> {
  const proxy = new L4Proxy();
  const { port } = await proxy.listen();
  proxy.setEndpoints(eps);
  closers.push(() => proxy.close());
  return { proxy, port };
}

function get(port: number, agent: http.Agent | false): Promise<{ body: string; socketPort: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ body, socketPort: req.socket?.localPort ?? -1 }));
    });
    req.on('error', reject);
  });
}

/** Opens a raw connection, writes `data`, and reports how the connection ended. */
function rawExchange(port: number, data: string): Promise<{ received: string; error?: string; ended: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write(data));
    let received = '';
    let ended = false;
    sock.setEncoding('utf8');
    sock.on('data', (c: string) => (received += c));
    sock.on('end', () => {
      ended = true;
      sock.end();
    });
    sock.on('error', (err: NodeJS.ErrnoException) => resolve({ received, error: err.code, ended }));
    sock.on('close', () => resolve({ received, ended }));
  });
}

describe('L4Proxy', () => {
  it('pins a keep-alive connection to its backend, even after the endpoint is removed', async () => {
    const a = await backend('a');
    const b = await backend('b');
    const { proxy, port } = await proxyFor([a, b]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    closers.push(async () => agent.destroy());
    const first = await get(port, agent);
    const answers = new Set<string>();
    const sockets = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const r = await get(port, agent);
      answers.add(r.body);
      sockets.add(r.socketPort);
    }
    expect(sockets.size).toBe(1);
    expect([...answers]).toEqual([first.body]);
    // Remove the pinned backend from the data path: the established connection keeps working.
    proxy.setEndpoints([first.body === 'a' ? b : a]);
    const after = await get(port, agent);
    expect(after.body).toBe(first.body);
    expect(after.socketPort).toBe(first.socketPort);
    // A new connection goes to the remaining endpoint only.
    const fresh = await get(port, false);
    expect(fresh.body).not.toBe(first.body);
  });

  it('balances new connections at random over ready endpoints', async () => {
    const eps = [await backend('a'), await backend('b'), await backend('c')];
    const { port } = await proxyFor([...eps, { ...(await backend('unready')), ready: false }]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 90; i++) {
      const { body } = await get(port, false);
      counts.set(body, (counts.get(body) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(10);
  });

  it('passes a backend RST to the client as a RST and a backend FIN as a FIN', async () => {
    const rst = net.createServer((s) => s.once('data', () => s.resetAndDestroy()));
    const fin = net.createServer((s) => s.once('data', () => s.end('bye')));
    for (const srv of [rst, fin]) {
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      closers.push(() => new Promise((r) => srv.close(r)));
    }
    const p1 = await proxyFor([ep('rst', (rst.address() as net.AddressInfo).port)]);
    expect(await rawExchange(p1.port, 'hello')).toMatchObject({ error: 'ECONNRESET' });
    const p2 = await proxyFor([ep('fin', (fin.address() as net.AddressInfo).port)]);
    expect(await rawExchange(p2.port, 'hello')).toEqual({ received: 'bye', ended: true });
  });

  it('resets the client when the backend refuses or no endpoint exists', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const refused = await proxyFor([ep('gone', closedPort)]);
    expect(await rawExchange(refused.port, 'GET / HTTP/1.1\r\n\r\n')).toMatchObject({ error: 'ECONNRESET', received: '' });
    const empty = await proxyFor([]);
    expect(await rawExchange(empty.port, 'GET / HTTP/1.1\r\n\r\n')).toMatchObject({ error: 'ECONNRESET', received: '' });
    expect(PROXY_RESET_NOTE).toMatch(/reset/);
  });

  it('falls back to serving terminating endpoints only when none is ready (KEP-1669)', async () => {
    const term = await backend('terminating');
    const gone = ep('not-serving', 1, { ready: false, serving: false, terminating: true });
    const t = { ...term, ready: false, terminating: true };
    const ready = ep('ready', 2);
    expect(eligibleEndpoints([t, gone, ready]).map((e) => e.pod)).toEqual(['ready']);
    expect(eligibleEndpoints([t, gone]).map((e) => e.pod)).toEqual(['terminating']);
    const { port } = await proxyFor([t, gone]);
    expect((await get(port, false)).body).toBe('terminating');
  });
});
