import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { countBy, loadFor } from './servers.ts';

/** A raw node:net server: `reply(sock)` runs once per request head received. */
let raw: { server: Server; sockets: Set<Socket> } | undefined;
afterEach(async () => {
  if (!raw) return;
  for (const s of raw.sockets) s.destroy();
  await new Promise((r) => raw!.server.close(r));
  raw = undefined;
});

async function rawServer(reply: (sock: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        reply(sock);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  raw = { server, sockets };
  return (server.address() as AddressInfo).port;
}

describe('HTTP answers the way a real client reads them', () => {
  it('an HTTP/1.0 body ended by the server closing the connection is a complete response', async () => {
    const port = await rawServer((s) => {
      s.write('HTTP/1.0 200 OK\r\nx-zerodrop-pod: old\r\n\r\nhello ');
      setTimeout(() => s.end('world'), 20);
    });
    const records = await loadFor(port, 600, { rate: 10, streams: ['keep-alive', 'new-connection'] });
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(countBy(records, (r) => r.code)).toEqual({ 200: records.length });
    expect(records.every((r) => r.pod === 'old' && r.fresh)).toBe(true); // no reuse after a close-delimited body
  });

  it('HTTP/1.1 Connection: close without Content-Length is complete at the close', async () => {
    const port = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nbody until close'));
    const records = await loadFor(port, 500, { rate: 10 });
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.every((r) => r.code === 200)).toBe(true);
  });

  it('a chunked body is complete at its last chunk, and the connection is reused', async () => {
    const port = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'));
    const records = await loadFor(port, 500, { rate: 10 });
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.every((r) => r.code === 200)).toBe(true);
    expect(records.filter((r) => !r.fresh).length).toBeGreaterThanOrEqual(records.length - 1);
  });

  it('a garbage answer is recorded with the parser error code (HPE_), not as a timeout', async () => {
    const port = await rawServer((s) => s.write('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    const records = await loadFor(port, 500, { rate: 10, timeoutMs: 5000 });
    expect(records.length).toBeGreaterThanOrEqual(4);
    for (const r of records) {
      expect(String(r.code)).toMatch(/^HPE_/);
      expect(r.ms).toBeLessThan(1000);
    }
  });

  it('a body cut short by the server closing is a reset, not a response', async () => {
    const port = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part'));
    const records = await loadFor(port, 500, { rate: 10 });
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.every((r) => r.code === 'ECONNRESET')).toBe(true);
  });
});
