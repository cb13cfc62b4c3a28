import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackAllocator } from '../../../../src/cluster/providers/local/network/pod-address.ts';
import {
  DEFAULT_PROPAGATION_DELAY_MS,
  type EndpointPodView,
  EndpointsController,
} from '../../../../src/cluster/providers/local/service/endpoints-controller.ts';
import { L4Proxy } from '../../../../src/cluster/providers/local/service/l4-proxy.ts';
import type { TimelineEvent } from '../../../../src/timeline/types.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function serve(name: string, ip: string, port: number): Promise<number> {
  const srv = http.createServer((_req, res) => res.end(name));
  await new Promise<void>((r) => srv.listen(port, ip, r));
  closers.push(
    () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(r);
      }),
  );
  return (srv.address() as net.AddressInfo).port;
}

/** Who answers a new connection through the proxy, or 'reset' when the proxy resets it. */
function who(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNRESET' ? 'reset' : String(e.code)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const labels = { app: 'web' };

describe('EndpointsController', () => {
  it('documents a 1000 ms default propagation delay for adds and removals', () => {
    expect(DEFAULT_PROPAGATION_DELAY_MS).toEqual({ addMs: 1000, removeMs: 1200 });
    const c = new EndpointsController({ selector: labels, targetPort: 1, proxy: new L4Proxy(), timeline: { emit() {} } });
    expect(c.propagationDelay).toEqual({ addMs: 1000, removeMs: 1200 });
  });

  it('applies adds and removals after the delay, emits events when the data path changes, falls back to terminating endpoints', async () => {
    const alloc = new LoopbackAllocator();
    closers.push(async () => alloc.release());
    const ipA = await alloc.allocate([]);
    const port = await serve('a', ipA, 0);
    const ipB = await alloc.allocate([port]);
    await serve('b', ipB, port);
    const proxy = new L4Proxy();
    const { port: svc } = await proxy.listen();
    closers.push(() => proxy.close());
    const events: TimelineEvent[] = [];
    const ctl = new EndpointsController({
      selector: labels,
      targetPort: port,
      proxy,
      timeline: { emit: (e) => events.push({ t: Date.now(), ...e }) },
      delay: { addMs: 400, removeMs: 900 },
    });
    closers.push(async () => ctl.stop());
    const pod = (name: string, ip: string, ready: boolean, terminating = false): EndpointPodView => ({
      name,
      ip,
      node: 'node-1',
      labels,
      ready,
      terminating,
    });
    const other: EndpointPodView = { name: 'other', ip: ipB, labels: { app: 'other' }, ready: true, terminating: false };
    /** Sleeps until `ms` after `from`. */
    const until = (from: number, ms: number) => sleep(Math.max(0, from + ms - Date.now()));

    const t0 = Date.now();
    ctl.observe([pod('a', ipA, true), other]);
    expect(await who(svc)).toBe('reset'); // the add has not propagated yet
    expect(events).toEqual([]);
    await until(t0, 600);
    expect(await who(svc)).toBe('a');
    expect(events.map((e) => [e.kind, e.pod])).toEqual([['endpoint-added', 'a']]);
    expect(events[0]!.t - t0).toBeGreaterThanOrEqual(395);

    // a is deleted (terminating, still serving) while b becomes ready.
    const t1 = Date.now();
    ctl.observe([pod('a', ipA, true, true), pod('b', ipB, true)]);
    expect(await who(svc)).toBe('a'); // neither change has reached the data path
    await until(t1, 500); // b's add (400 ms) is applied, a's removal (900 ms) is not
    const seen = new Set<string>();
    while (Date.now() < t1 + 800 && seen.size < 2) seen.add(await who(svc));
    expect(seen).toEqual(new Set(['a', 'b']));
    await until(t1, 1000);
    const afterRemoval = new Set<string>();
    for (let i = 0; i < 10; i++) afterRemoval.add(await who(svc));
    expect(afterRemoval).toEqual(new Set(['b']));
    const removedA = events.find((e) => e.kind === 'endpoint-removed' && e.pod === 'a');
    expect(removedA!.t - t1).toBeGreaterThanOrEqual(895);
    expect(removedA!.node).toBe('node-1');

    // a is gone, b terminates while still serving: no ready endpoint left, so b keeps new connections.
    const n = events.length;
    const t2 = Date.now();
    ctl.observe([pod('b', ipB, true, true)]);
    await until(t2, 1000);
    expect(await who(svc)).toBe('b');
    expect(events.length).toBe(n);
    // b stops serving: the data path empties and says so.
    const t3 = Date.now();
    ctl.observe([pod('b', ipB, false, true)]);
    await until(t3, 1000);
    expect(await who(svc)).toBe('reset');
    expect(events.slice(n).map((e) => [e.kind, e.pod])).toEqual([['endpoint-removed', 'b']]);
  });
});
