import { describe, expect, it } from 'vitest';
import type { KeepAlivePool, RequestRecord } from '../../src/load/types.ts';
import { loadFor, startServer } from './servers.ts';

/**
 * The keep-alive pool's order and idle close, against a real server: answers take 250 ms for the
 * first second (about five requests open at once at 20 req/s, so the pool grows to about five
 * connections), then 5 ms (one connection would do). Which connections the calm part uses shows
 * the order; what the server still has open at the end shows the idle close.
 */
async function burstThenCalm(pool: KeepAlivePool): Promise<{ calmConns: number; pooled: number; records: RequestRecord[] }> {
  const started = Date.now();
  const open = new Set<unknown>();
  const srv = await startServer((_req, res) => {
    setTimeout(() => res.end('ok'), Date.now() - started < 1000 ? 250 : 5);
  });
  srv.server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  let atEnd = 0;
  const done = loadFor(srv.port, 4000, { rate: 20, pool }).then((r) => r);
  await new Promise((r) => setTimeout(r, 3900));
  atEnd = open.size;
  const records = await done;
  await srv.close();
  const calm = records.filter((r) => r.t - started > 2500);
  return { calmConns: new Set(calm.map((r) => r.conn)).size, pooled: atEnd, records };
}

describe('the keep-alive pool, a stated load setting', () => {
  it('lifo keeps reusing the most recently used connection and closes the ones left idle', async () => {
    const r = await burstThenCalm({ order: 'lifo', idleCloseMs: 1000 });
    expect(new Set(r.records.map((x) => x.conn)).size).toBeGreaterThanOrEqual(4);
    expect(r.calmConns).toBeLessThanOrEqual(2);
    expect(r.pooled).toBeLessThanOrEqual(2);
    expect(r.records.every((x) => x.code === 200)).toBe(true);
  });

  it('fifo takes the least recently used connection: every pooled connection stays in use', async () => {
    const r = await burstThenCalm({ order: 'fifo', idleCloseMs: 1000 });
    const all = new Set(r.records.map((x) => x.conn)).size;
    expect(all).toBeGreaterThanOrEqual(4);
    expect(r.calmConns).toBe(all);
    expect(r.pooled).toBe(all);
  });

  it('idleCloseMs 0 leaves idle connections to the server: lifo keeps them all open', async () => {
    const r = await burstThenCalm({ order: 'lifo', idleCloseMs: 0 });
    const all = new Set(r.records.map((x) => x.conn)).size;
    expect(r.calmConns).toBeLessThanOrEqual(2);
    expect(r.pooled).toBe(all);
  });
});
