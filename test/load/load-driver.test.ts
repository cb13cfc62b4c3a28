import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoad } from '../../src/load/load-driver.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';
import { countBy, freePort, loadFor, startServer, type TestServer } from './servers.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const distinct = (xs: number[]) => new Set(xs).size;

describe('load driver on real sockets', () => {
  it('keep-alive stream: status, pod and connection reuse at an even constant rate', async () => {
    server = await startServer((_req, res) => {
      res.setHeader('x-zerodrop-pod', 'web-a');
      res.end('ok');
    });
    const records = await loadFor(server.port, 1500, { rate: 20 });
    // 20 req/s for 1.5 s: a request every 50 ms
    expect(records.length).toBeGreaterThanOrEqual(25);
    expect(records.length).toBeLessThanOrEqual(32);
    expect(records.length).toBe(server.requests);
    expect(records.every((r) => r.code === 200 && r.pod === 'web-a' && r.stream === 'keep-alive')).toBe(true);
    // fast answers: one connection carries it, reused
    expect(server.connections).toBeLessThanOrEqual(2);
    expect(records.filter((r) => !r.fresh).length).toBeGreaterThanOrEqual(records.length - 2);
    const starts = records.map((r) => r.t).sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    expect(median).toBeGreaterThanOrEqual(40);
    expect(median).toBeLessThanOrEqual(60);
  });

  it('new-connection stream: one connection per request, each saying Connection: close', async () => {
    const seen: string[] = [];
    server = await startServer((req, res) => {
      seen.push(String(req.headers.connection));
      res.end('ok');
    });
    const records = await loadFor(server.port, 1000, { rate: 20, streams: ['new-connection'] });
    expect(records.length).toBeGreaterThanOrEqual(17);
    expect(records.every((r) => r.code === 200 && r.fresh && r.stream === 'new-connection')).toBe(true);
    expect(distinct(records.map((r) => r.conn))).toBe(records.length);
    expect(server.connections).toBe(records.length);
    expect(new Set(seen)).toEqual(new Set(['close']));
  });

  it('open model: slow answers do not slow the schedule; connections grow to carry them', async () => {
    server = await startServer((_req, res) => {
      setTimeout(() => res.end('ok'), 600);
    });
    const records = await loadFor(server.port, 2000, { rate: 20 });
    // 20/s for 2 s is 40 slots, each answered after 600 ms; closed-loop over few connections would send far fewer
    expect(records.length).toBeGreaterThanOrEqual(38);
    expect(records.every((r) => r.code === 200 && r.ms >= 590)).toBe(true);
    expect(server.connections).toBeGreaterThanOrEqual(12); // about rate x latency
    expect(server.connections).toBeLessThanOrEqual(16);
  });

  it('records slots that find no connection under the limit as DROPPED, at their due time', async () => {
    server = await startServer((_req, res) => {
      setTimeout(() => res.end('ok'), 300);
    });
    const records = await loadFor(server.port, 1000, { rate: 20, maxConnections: 1 });
    const codes = countBy(records, (r) => r.code);
    expect(codes['200']).toBeGreaterThanOrEqual(2);
    expect(codes['200']).toBeLessThanOrEqual(4);
    expect(codes.DROPPED).toBeGreaterThanOrEqual(14);
    expect(records.length).toBeGreaterThanOrEqual(19); // every slot is accounted for
    expect(records.filter((r) => r.code === 'DROPPED').every((r) => r.conn === 0 && r.ms === 0)).toBe(true);
  });

  it('records 5xx by code', async () => {
    server = await startServer((_req, res, n) => {
      res.statusCode = n % 2 ? 502 : 503;
      res.end();
    });
    const records = await loadFor(server.port, 800);
    expect(Object.keys(countBy(records, (r) => r.code)).sort()).toEqual(['502', '503']);
    expect(records.length).toBe(server.requests);
  });

  it('records a socket destroyed mid-request as ECONNRESET, whether the server sends RST or FIN, once each', async () => {
    server = await startServer((req, _res, n) => {
      if (n % 2) req.socket.resetAndDestroy();
      else req.socket.destroy();
    });
    const records = await loadFor(server.port, 800, { rate: 10 });
    expect(records.length).toBeGreaterThanOrEqual(7);
    expect(records.every((r) => r.code === 'ECONNRESET')).toBe(true);
    expect(records.length).toBe(server.requests);
    expect(server.connections).toBe(records.length);
    expect(records.every((r) => r.fresh)).toBe(true);
  });

  it('records a port with no listener as ECONNREFUSED at the configured rate, on both streams', async () => {
    const port = await freePort();
    const records = await loadFor(port, 800, { rate: 10, streams: ['keep-alive', 'new-connection'] });
    const byStream = countBy(records, (r) => r.stream);
    expect(byStream['keep-alive']).toBeGreaterThanOrEqual(7);
    expect(byStream['keep-alive']).toBeLessThanOrEqual(10); // paced by the rate, not a reconnect storm
    expect(byStream['new-connection']).toBeGreaterThanOrEqual(7);
    expect(records.every((r) => r.code === 'ECONNREFUSED' && r.fresh)).toBe(true);
  });

  it('records a server that never answers as ETIMEDOUT after timeoutMs, and stop() waits for it', async () => {
    server = await startServer(() => undefined);
    const records = await loadFor(server.port, 700, { rate: 4, timeoutMs: 400 });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBe(server.requests);
    for (const r of records) {
      expect(r.code).toBe('ETIMEDOUT');
      expect(r.ms).toBeGreaterThanOrEqual(390);
      expect(r.ms).toBeLessThan(1500);
    }
  });

  it('never sends a second request on a connection answered with Connection: close, even if the server is slow to close it', async () => {
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
      const records = await loadFor((raw.address() as AddressInfo).port, 600, { rate: 20 });
      expect(records.length).toBeGreaterThanOrEqual(10);
      expect(records.every((r) => r.code === 200 && r.fresh && r.pod === 'raw')).toBe(true);
      expect(Math.max(...requestsPerConn)).toBe(1);
    } finally {
      for (const sock of open) sock.destroy();
      await new Promise((r) => raw.close(r));
    }
  });

  it('reconnects every N requests when asked', async () => {
    server = await startServer((_req, res) => res.end('ok'));
    const records = await loadFor(server.port, 800, { rate: 20, reconnectEvery: 5 });
    expect(records.length).toBeGreaterThanOrEqual(14);
    expect(records.every((r) => r.code === 200)).toBe(true);
    expect(Object.values(countBy(records, (r) => r.conn)).every((n) => n <= 5)).toBe(true);
    expect(records.filter((r) => r.fresh).length).toBe(Math.ceil(records.length / 5));
  });

  it('survives the server closing idle keep-alive connections without failures', async () => {
    server = await startServer((_req, res) => {
      res.end('ok');
      setTimeout(() => server?.server.closeIdleConnections(), 100); // as a draining app does
    });
    const records = await loadFor(server.port, 1300, { rate: 2 });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBeLessThanOrEqual(3);
    expect(records.every((r) => r.code === 200 && r.fresh)).toBe(true);
  });

  it('names the pod a connection reached before when a reused connection fails', async () => {
    server = await startServer((req, res, n) => {
      if (n === 3) return req.socket.resetAndDestroy();
      res.setHeader('x-zerodrop-pod', 'web-b');
      res.end('ok');
    });
    const records = await loadFor(server.port, 400, { rate: 20 });
    const reset = records.find((r) => r.code === 'ECONNRESET');
    expect(reset).toMatchObject({ pod: 'web-b', fresh: false });
  });
});

describe('load options', () => {
  it('rejects a rate, connection limit or timeout that cannot run, naming the field', () => {
    const base = {
      target: { host: '127.0.0.1', port: 1, path: '/' },
      streams: [{ name: 'keep-alive' as const, rate: 10 }],
      maxConnections: 2,
      timeoutMs: 1000,
      reconnectEvery: 0,
      pool: DEFAULT_POOL,
      onRecord: () => undefined,
    };
    expect(() => startLoad({ ...base, streams: [{ name: 'keep-alive', rate: 0 }] })).toThrow(/rate/);
    expect(() => startLoad({ ...base, maxConnections: 0 })).toThrow(/maxConnections/);
    expect(() => startLoad({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => startLoad({ ...base, streams: [] })).toThrow(/streams/);
  });
});
