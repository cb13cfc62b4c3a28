import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoad } from '../../src/load/load-driver.ts';
import { countBy, freePort, loadFor, startServer, type TestServer } from './servers.ts';

let server: TestServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

const distinct = (xs: number[]) => new Set(xs).size;

describe('load driver on real sockets', () => {
  it('records status, pod and keep-alive reuse at a constant rate', async () => {
    server = await startServer((req, res) => { res.setHeader('x-zerodrop-pod', 'web-a'); res.end('ok'); });
    const records = await loadFor(server.port, 1500, { rate: 20, connections: 4 });
    // 20 req/s for 1.5 s: a request every 50 ms
    expect(records.length).toBeGreaterThanOrEqual(15); // lower bounds leave room for a busy machine
    expect(records.length).toBeLessThanOrEqual(32);
    expect(records.length).toBe(server.requests);
    expect(records.every((r) => r.code === 200 && r.pod === 'web-a')).toBe(true);
    expect(server.connections).toBe(4);
    expect(distinct(records.map((r) => r.conn))).toBe(4);
    expect(records.filter((r) => r.fresh)).toHaveLength(4);
    // even, not bursty: no two requests start together, no long hole (autocannon alone sends
    // all 20 in the first few ms of each second)
    const starts = records.map((r) => r.t).sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    expect(median).toBeGreaterThanOrEqual(20); // bursts would put it near 0
    expect(Math.max(...gaps)).toBeLessThan(500); // bursts would leave a hole of most of a second
  });

  it('records 5xx by code', async () => {
    server = await startServer((req, res, n) => { res.statusCode = n % 2 ? 502 : 503; res.end(); });
    const records = await loadFor(server.port, 800);
    const codes = countBy(records, (r) => r.code);
    expect(Object.keys(codes).sort()).toEqual(['502', '503']);
    expect(records.length).toBe(server.requests);
  });

  it('records a socket destroyed mid-request as ECONNRESET, whether the server sends RST or FIN', async () => {
    server = await startServer((req, res, n) => {
      if (n % 2) req.socket.resetAndDestroy();
      else req.socket.destroy();
    });
    const records = await loadFor(server.port, 800, { rate: 10 });
    expect(records.length).toBeGreaterThanOrEqual(4); // one every 100 ms
    expect(records.every((r) => r.code === 'ECONNRESET')).toBe(true);
    // each request was recorded once, each on its own fresh connection: nothing dropped,
    // nothing counted twice, no second connection spawned by the dead socket's late events
    expect(records.length).toBe(server.requests);
    expect(server.connections).toBe(records.length);
    expect(distinct(records.map((r) => r.conn))).toBe(records.length);
    expect(records.every((r) => r.fresh)).toBe(true);
  });

  it('records a port with no listener as ECONNREFUSED at the configured rate', async () => {
    const port = await freePort();
    const records = await loadFor(port, 800, { rate: 10, connections: 2 });
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.length).toBeLessThanOrEqual(10); // paced by the rate, not a reconnect storm
    expect(records.every((r) => r.code === 'ECONNREFUSED' && r.fresh)).toBe(true);
  });

  it('records a server that never answers as ETIMEDOUT after timeoutMs, and stop() waits for it', async () => {
    server = await startServer(() => undefined);
    const records = await loadFor(server.port, 700, { rate: 4, connections: 2, timeoutMs: 400 });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBe(server.requests);
    for (const r of records) {
      expect(r.code).toBe('ETIMEDOUT');
      expect(r.ms).toBeGreaterThanOrEqual(390);
      expect(r.ms).toBeLessThan(1500);
    }
  });

  it('reconnects after Connection: close instead of writing into the closing socket', async () => {
    server = await startServer((req, res) => { res.setHeader('connection', 'close'); res.end('bye'); });
    const records = await loadFor(server.port, 800, { rate: 20, connections: 2 });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(records.every((r) => r.code === 200)).toBe(true);
    expect(records.length).toBe(server.requests);
    expect(records.every((r) => r.fresh)).toBe(true);
    expect(distinct(records.map((r) => r.conn))).toBe(records.length);
    expect(server.connections).toBe(records.length);
  });

  it('never sends a second request on a connection answered with Connection: close, even if the server is slow to close it', async () => {
    // raw TCP: answer the first request with Connection: close, ignore anything else, close 300 ms later
    const requestsPerConn: number[] = [];
    const open = new Set<Socket>();
    const raw = createServer((sock) => {
      open.add(sock);
      const i = requestsPerConn.push(0) - 1;
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString();
        if (!buf.includes('\r\n\r\n')) return;
        requestsPerConn[i] += buf.split('\r\n\r\n').length - 1;
        buf = buf.slice(buf.lastIndexOf('\r\n\r\n') + 4);
        if (requestsPerConn[i] > 1) return;
        sock.write('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\nx-zerodrop-pod: raw\r\n\r\nok');
        setTimeout(() => sock.end(), 300);
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const records = await loadFor((raw.address() as AddressInfo).port, 600, { rate: 20, connections: 1 });
      expect(records.length).toBeGreaterThanOrEqual(6);
      expect(records.every((r) => r.code === 200 && r.fresh && r.pod === 'raw')).toBe(true);
      expect(Math.max(...requestsPerConn)).toBe(1);
    } finally {
      for (const sock of open) sock.destroy();
      await new Promise((r) => raw.close(r));
    }
  });

  it('reconnects every N requests when asked', async () => {
    server = await startServer((req, res) => res.end('ok'));
    const records = await loadFor(server.port, 800, { rate: 20, connections: 1, reconnectEvery: 5 });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(records.every((r) => r.code === 200)).toBe(true);
    expect(Object.values(countBy(records, (r) => r.conn)).every((n) => n <= 5)).toBe(true);
    expect(records.filter((r) => r.fresh).length).toBe(Math.ceil(records.length / 5));
  });

  it('survives the server closing idle keep-alive connections without failures', async () => {
    server = await startServer((req, res) => {
      res.end('ok');
      setTimeout(() => server?.server.closeIdleConnections(), 100); // as a draining app does
    });
    const records = await loadFor(server.port, 1300, { rate: 2, connections: 2 });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBeLessThanOrEqual(3);
    expect(new Set(records.map((r) => r.conn)).size).toBe(records.length);
    expect(records.every((r) => r.code === 200)).toBe(true);
    expect(records.every((r) => r.fresh)).toBe(true); // every idle connection was closed in between
  });
});

describe('load options', () => {
  it('rejects a rate, connection count or timeout that cannot run, naming the field', () => {
    const base = { target: { host: '127.0.0.1', port: 1, path: '/' }, rate: 10, connections: 2, timeoutMs: 1000, reconnectEvery: 0, onRecord: () => undefined };
    expect(() => startLoad({ ...base, rate: 0 })).toThrow(/load rate must be at least 1/);
    expect(() => startLoad({ ...base, connections: 0 })).toThrow(/load connections/);
    expect(() => startLoad({ ...base, timeoutMs: 0 })).toThrow(/load timeoutMs/);
    expect(() => startLoad({ ...base, reconnectEvery: -1 })).toThrow(/load reconnectEvery/);
  });
});
