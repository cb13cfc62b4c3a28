import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../../src/load/types.ts';
import { countBy, loadFor } from './servers.ts';

/** Raw node:net servers: `reply(sock, n)` runs once per request head received (n from 1 per connection); `onConnect` at accept. */
const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});

interface RawHooks {
  reply(sock: Socket, n: number): void;
  onConnect?(sock: Socket): void;
}

async function rawServer(h: RawHooks): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    h.onConnect?.(sock);
    let buf = '';
    let n = 0;
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        h.reply(sock, ++n);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ server, sockets });
  return (server.address() as AddressInfo).port;
}

const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-zerodrop-pod: app\r\n\r\nok';
const HINTS = 'HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\n\r\n';
const BOTH = ['keep-alive', 'new-connection'] as const;
const later = (ms: number, f: () => void) => setTimeout(f, ms);

describe('interim (1xx) answers are skipped; the request waits for its final answer', () => {
  it('100 Continue before a 200', async () => {
    const port = await rawServer({ reply: (s) => s.write(`HTTP/1.1 100 Continue\r\n\r\n${OK}`) });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 600, { rate: 10, streams: [...BOTH], events });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(records.every((r) => r.pod === 'app')).toBe(true);
    expect(records.filter((r) => r.stream === 'keep-alive' && !r.fresh).length).toBeGreaterThan(0); // kept alive across the 100
    expect(events).toEqual([]);
  });

  it('one 103 Early Hints, the 200 later: one record, timed to the 200', async () => {
    const port = await rawServer({
      reply: (s) => {
        s.write(HINTS);
        later(60, () => s.write(OK));
      },
    });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 700, { rate: 10, streams: [...BOTH], events });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(Math.min(...records.map((r) => r.ms))).toBeGreaterThanOrEqual(55);
    expect(events).toEqual([]);
  });

  it('several 103s, apart and in one packet with the 200', async () => {
    const port = await rawServer({
      reply: (s, n) => {
        if (n % 2) {
          s.write(HINTS);
          later(10, () => s.write(HINTS + HINTS));
          later(20, () => s.write(HINTS + OK));
        } else s.write(HINTS + HINTS + HINTS + OK);
      },
    });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 700, { rate: 10, streams: [...BOTH], events });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(records.filter((r) => r.stream === 'keep-alive' && !r.fresh).length).toBeGreaterThan(0);
    expect(events).toEqual([]);
  });

  it('a 103 and then the connection closes: a reset, not a response', async () => {
    const port = await rawServer({ reply: (s) => s.end(HINTS) });
    const records = await loadFor(port, 500, { rate: 10, streams: [...BOTH] });
    expect(records.length).toBeGreaterThanOrEqual(6);
    expect(countBy(records, (r) => r.code)).toEqual({ ECONNRESET: records.length });
  });
});

describe('an answer with no request open closes its connection, records nothing and is counted', () => {
  it('a 408 on an idle kept-alive connection, then close', async () => {
    const port = await rawServer({
      reply: (s, n) => {
        s.write(OK);
        later(150, () => {
          if (n === 1) s.end('HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        });
      },
    });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 1300, { rate: 4, events }); // a slot every 250 ms: the 408 comes while idle
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(records.every((r) => r.fresh)).toBe(true); // no connection outlived its 408
    expect(events.length).toBeGreaterThanOrEqual(records.length - 1);
    expect(events.length).toBeLessThanOrEqual(records.length);
    expect(events.every((e) => e.kind === 'unsolicited' && e.stream === 'keep-alive' && e.pod === 'app' && e.conn > 0)).toBe(true);
  });

  it('a second answer after the first, in the same packet and later', async () => {
    const port = await rawServer({
      reply: (s, n) => {
        if (n > 1) return; // each connection is closed after its first answer
        if (s.remotePort! % 2) s.write(OK + OK);
        else {
          s.write(OK);
          later(40, () => s.write(OK));
        }
      },
    });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 1000, { rate: 5, streams: [...BOTH], events });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    const keepAlive = records.filter((r) => r.stream === 'keep-alive');
    expect(keepAlive.every((r) => r.fresh)).toBe(true);
    // keep-alive: every connection got its second answer (the last perhaps after the stop); new-connection: the
    // second answer came in the same packet (counted) or after we closed (nothing to read)
    const kaEvents = events.filter((e) => e.stream === 'keep-alive').length;
    expect(kaEvents).toBeGreaterThanOrEqual(keepAlive.length - 1);
    expect(events.length).toBeLessThanOrEqual(records.length);
  });

  it('a server that answers before it is asked: that answer is the request’s, the real one is unsolicited', async () => {
    const port = await rawServer({
      onConnect: (s) => s.write('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nx-zerodrop-pod: greeter\r\n\r\n'),
      reply: (s) => later(30, () => s.write(OK)),
    });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 800, { rate: 5, events });
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(countBy(records, (r) => r.code)).toEqual({ 503: records.length });
    expect(records.every((r) => r.pod === 'greeter' && r.fresh)).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(records.length - 1);
  });

  it('stray line ends between answers are no answer', async () => {
    const port = await rawServer({ reply: (s) => s.write(`${OK}\r\n`) });
    const events: ConnectionEvent[] = [];
    const records = await loadFor(port, 600, { rate: 10, events });
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(records.filter((r) => !r.fresh).length).toBeGreaterThan(0);
    expect(events).toEqual([]);
  });
});
