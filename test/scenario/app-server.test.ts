import { afterEach, describe, expect, it } from 'vitest';
import { type AppProcess, RawConnection, sleep, startApp, tryConnect } from './app-process.ts';

const started: AppProcess[] = [];
async function app(env: Record<string, string>): Promise<AppProcess> {
  const a = await startApp(env);
  started.push(a);
  return a;
}

afterEach(() => {
  for (const a of started.splice(0)) if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
});

describe('scenario app (scenarios/_app/server.ts)', () => {
  it('answers 503 on / and /readyz while warming up, 200 after, and names its pod on every response', async () => {
    const a = await app({ WARMUP_MS: '1500', POD_NAME: 'web-1' });
    const c = await RawConnection.open(a.port);
    const cold = await c.get('/');
    expect(cold.status).toBe(503);
    expect(cold.headers['x-zerodrop-pod']).toBe('web-1');
    expect((await c.get('/readyz')).status).toBe(503);
    const health = await c.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers['x-zerodrop-pod']).toBe('web-1');
    await sleep(1600);
    const warm = await c.get('/');
    expect(warm.status).toBe(200);
    expect(warm.headers['x-zerodrop-pod']).toBe('web-1');
    expect(warm.body).toContain('web-1');
    expect((await c.get('/readyz')).status).toBe(200);
    c.close();
  });

  it('delays / by LATENCY_MS but answers probes at once', async () => {
    const a = await app({ LATENCY_MS: '1000' });
    const [slow, fast] = await Promise.all([RawConnection.open(a.port), RawConnection.open(a.port)]);
    const t = performance.now();
    const order: string[] = [];
    await Promise.all([
      slow.get('/').then((r) => order.push(`/ ${r.status}`)),
      fast.get('/readyz').then((r) => order.push(`/readyz ${r.status}`)),
    ]);
    expect(order).toEqual(['/readyz 200', '/ 200']);
    expect(performance.now() - t).toBeGreaterThanOrEqual(990);
    slow.close();
    fast.close();
  });

  it('drain: stops listening, answers with Connection: close, closes idle connections, exits 0 when none is left', async () => {
    const a = await app({ LATENCY_MS: '800', DRAIN_IDLE_MS: '300' });
    const busy = await RawConnection.open(a.port);
    const used = await RawConnection.open(a.port);
    const idle = await RawConnection.open(a.port);
    expect((await used.get('/healthz')).headers.connection).not.toBe('close');
    const inflight = busy.get('/');
    await sleep(100);
    a.child.kill('SIGTERM');
    await sleep(100);
    expect(await tryConnect(a.port)).toBe('ECONNREFUSED');
    const ready = await used.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.connection).toBe('close');
    await used.ended;
    await idle.ended; // closed by the server, never used
    expect(a.child.exitCode).toBeNull(); // the request in flight keeps it alive
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    await busy.ended;
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(a.output()).toContain('SIGTERM: draining');
  });

  it('drain with no connection open exits 0 at once', async () => {
    const a = await app({});
    const t = performance.now();
    a.child.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('ON_SIGTERM=ignore keeps listening and serving', async () => {
    const a = await app({ ON_SIGTERM: 'ignore' });
    a.child.kill('SIGTERM');
    await sleep(300);
    expect(a.child.exitCode).toBeNull();
    const c = await RawConnection.open(a.port);
    const res = await c.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.connection).not.toBe('close');
    expect((await c.get('/readyz')).status).toBe(200);
    expect(a.output()).toContain('SIGTERM ignored');
    c.close();
  });

  it('ON_SIGTERM=exit exits at once (143) and drops the request in flight', async () => {
    const a = await app({ ON_SIGTERM: 'exit', LATENCY_MS: '3000' });
    const c = await RawConnection.open(a.port);
    const inflight = c.get('/');
    await sleep(100);
    const t = performance.now();
    a.child.kill('SIGTERM');
    await expect(inflight).rejects.toThrow(/closed before a response/);
    expect(await a.exited).toEqual({ code: 143, signal: null });
    expect(performance.now() - t).toBeLessThan(2500); // well before the 3 s request would have ended
  });

  it('KEEPALIVE_CLOSE=false: stops listening but keeps serving keep-alive connections, never says close, lingers', async () => {
    const a = await app({ KEEPALIVE_CLOSE: 'false', DRAIN_IDLE_MS: '100' });
    const c = await RawConnection.open(a.port);
    expect((await c.get('/')).status).toBe(200);
    a.child.kill('SIGTERM');
    await sleep(200);
    expect(await tryConnect(a.port)).toBe('ECONNREFUSED');
    const res = await c.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.connection).not.toBe('close');
    await sleep(600); // idle well past DRAIN_IDLE_MS: still open, still running
    expect(c.socket.destroyed).toBe(false);
    expect(a.child.exitCode).toBeNull();
    expect((await c.get('/')).status).toBe(200);
    c.close(); // the client leaves: nothing keeps it alive any more
    expect(await a.exited).toEqual({ code: 0, signal: null });
  });

  it('rejects a bad knob with a one-line error', async () => {
    await expect(startApp({ ON_SIGTERM: 'sometimes' })).rejects.toThrow(/ON_SIGTERM must be drain, ignore or exit/);
  });
  it('FRAMING=close: no Content-Length, Connection: close, the body ends when the server closes', async () => {
    const a = await app({ FRAMING: 'close', POD_NAME: 'web-c' });
    const c = await RawConnection.open(a.port);
    c.socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
    let raw = '';
    c.socket.on('data', (d: string) => {
      raw += d;
    });
    await c.ended;
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(head.toLowerCase()).not.toContain('content-length');
    expect(head.toLowerCase()).not.toContain('transfer-encoding');
    expect(body).toBe('ok from web-c\n');
  });
});
