import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlProbe } from '../../src/load/control-probe.ts';

const dir = mkdtempSync(join(tmpdir(), 'zd-control-'));
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** An HTTP server on 127.0.0.1 answering `status` to every request; resolves its port. */
async function httpServer(status: (n: number) => number): Promise<number> {
  let n = 0;
  const server: Server = createServer((_req, res) => {
    res.writeHead(status(n++), { 'content-length': '2' }).end('ok');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A port with nothing listening on it (a listener opened, then closed). */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as [number, number, number | string]);

describe('ControlProbe, the control stream', () => {
  it('sends new-connection requests at its rate and counts them by the phase they end in; each is streamed to its file', async () => {
    const port = await httpServer((n) => (n === 3 ? 503 : 200));
    const file = join(dir, 'ok.ndjson');
    const probe = new ControlProbe({ host: '127.0.0.1', port, path: '/' }, { timeoutMs: 1000, file, rate: 20 });
    await new Promise((r) => setTimeout(r, 500));
    const first = probe.take('baseline');
    await probe.stop();
    const rest = probe.take('recovery');
    const written = await lines(file);
    // Every request written is counted once, in one of the two takes.
    expect(first.requests + rest.requests).toBe(written.length);
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(first.phase).toBe('baseline');
    expect(first.failed + rest.failed).toBe(1);
    expect({ ...first.codes, ...rest.codes }).toEqual({ 503: 1 });
    expect(written.filter((l) => l[2] === 503)).toHaveLength(1);
    expect(written.filter((l) => l[2] === 200)).toHaveLength(written.length - 1);
  });

  it('counts a refused connection and an unanswered request as failures, with their codes', async () => {
    const refused = join(dir, 'refused.ndjson');
    const a = new ControlProbe({ host: '127.0.0.1', port: await closedPort(), path: '/' }, { timeoutMs: 1000, file: refused, rate: 20 });
    await new Promise((r) => setTimeout(r, 200));
    await a.stop();
    const ra = a.take('disruption');
    expect(ra.requests).toBeGreaterThan(0);
    expect(ra.failed).toBe(ra.requests);
    expect(ra.codes).toEqual({ ECONNREFUSED: ra.requests });

    // A listener that accepts and never answers: each request ends at the timeout.
    const silent = createNetServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const b = new ControlProbe(
      { host: '127.0.0.1', port: (silent.address() as { port: number }).port, path: '/' },
      { timeoutMs: 300, file: join(dir, 'silent.ndjson'), rate: 10 },
    );
    await new Promise((r) => setTimeout(r, 250));
    await b.stop();
    const rb = b.take('recovery');
    expect(rb.requests).toBeGreaterThan(0);
    expect(rb.codes).toEqual({ ETIMEDOUT: rb.requests });
  });
});
