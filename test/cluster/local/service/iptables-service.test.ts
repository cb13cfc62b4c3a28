import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { iptablesSave } from '../../../../src/cluster/providers/local/service/iptables-exec.ts';
import { IptablesService } from '../../../../src/cluster/providers/local/service/iptables-service.ts';
import { detectIptablesSupport } from '../../../../src/cluster/providers/local/service/iptables-support.ts';
import type { ProxyEndpoint } from '../../../../src/cluster/providers/local/service/l4-proxy.ts';
import { backend, connectOutcome, get } from './iptables-helpers.ts';

const support = await detectIptablesSupport();
const skip = support.ok ? '' : ` (skipped: ${support.reason})`;

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function service(eps: ProxyEndpoint[] = []): Promise<{ svc: IptablesService; port: number }> {
  const svc = new IptablesService();
  const { port } = await svc.listen();
  closers.push(() => svc.close());
  svc.setEndpoints(eps);
  await svc.synced();
  expect(svc.failure).toBeUndefined();
  return { svc, port };
}

async function started(name: string) {
  const b = await backend(name);
  closers.push(() => b.close());
  return b;
}

/** Rules mentioning `chain` in the nat and filter tables. */
async function rulesOf(chain: string): Promise<string[]> {
  const lines = `${await iptablesSave('nat')}\n${await iptablesSave('filter')}`.split('\n');
  return lines.filter((l) => l.includes(chain));
}

describe.skipIf(!support.ok)(`IptablesService: kube-proxy's iptables mode on real sockets${skip}`, () => {
  it('balances new connections over the ready endpoints, and only those', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(started));
    const { svc, port } = await service([a!.ep, b!.ep, c!.ep]);
    const count = async (n: number) => {
      const seen: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        const { body } = await get(port, false);
        seen[body] = (seen[body] ?? 0) + 1;
      }
      return seen;
    };
    const all = await count(150);
    // 1/3 each: 50 expected, standard deviation about 5.8.
    for (const name of ['a', 'b', 'c']) expect(all[name], JSON.stringify(all)).toBeGreaterThanOrEqual(20);
    svc.setEndpoints([a!.ep, { ...b!.ep, ready: false }, c!.ep]);
    await svc.synced();
    const two = await count(60);
    expect(two.b, JSON.stringify(two)).toBeUndefined();
    expect((two.a ?? 0) + (two.c ?? 0)).toBe(60);
    expect(two.a).toBeGreaterThan(5);
    expect(two.c).toBeGreaterThan(5);
  });

  it('falls back to serving-and-terminating endpoints when none is ready (KEP-1669)', async () => {
    const a = await started('a');
    const { port } = await service([{ ...a.ep, ready: false, serving: true, terminating: true }]);
    expect((await get(port, false)).body).toBe('a');
  });

  it('keeps a keep-alive connection pinned after its endpoint is removed (conntrack)', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(started));
    const { svc, port } = await service([a!.ep]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    closers.push(async () => agent.destroy());
    const first = await get(port, agent);
    expect(first.body).toBe('a');
    svc.setEndpoints([b!.ep]);
    await svc.synced();
    const again = await get(port, agent);
    expect(again).toEqual({ body: 'a', localPort: first.localPort });
    expect((await get(port, false)).body).toBe('b');
  });

  it('gives the client ECONNREFUSED when the chosen pod has closed its listener', async () => {
    const a = await started('a');
    const { port } = await service([a.ep]);
    expect(await connectOutcome(port)).toBe('connected');
    await a.stopListening();
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
  });

  it('refuses new connections while the Service has no endpoint', async () => {
    const a = await started('a');
    const { svc, port } = await service();
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
    svc.setEndpoints([a.ep]);
    await svc.synced();
    expect((await get(port, false)).body).toBe('a');
    svc.setEndpoints([{ ...a.ep, ready: false }]);
    await svc.synced();
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
  });

  it('close() removes its chains and hooks from nat and filter and frees the port', async () => {
    const a = await started('a');
    const { svc, port } = await service([a.ep]);
    const installed = await rulesOf(svc.chain);
    expect(installed.some((l) => l.startsWith(`-A OUTPUT -d 127.0.0.1/32 -p tcp -m tcp --dport ${port} -j ${svc.chain}`))).toBe(true);
    expect(installed.some((l) => l.includes('DNAT') && l.includes(`${a.ep.host}:${a.ep.port}`))).toBe(true);
    await svc.close();
    await svc.close();
    expect(await rulesOf(svc.chain)).toEqual([]);
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
  });

  it('runs two Services side by side without interference', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(started));
    const one = await service([a!.ep]);
    const two = await service([b!.ep]);
    expect(one.svc.chain).not.toBe(two.svc.chain);
    for (let i = 0; i < 10; i++) {
      expect((await get(one.port, false)).body).toBe('a');
      expect((await get(two.port, false)).body).toBe('b');
    }
    one.svc.setEndpoints([]);
    await one.svc.synced();
    expect(await connectOutcome(one.port)).toBe('ECONNREFUSED');
    expect((await get(two.port, false)).body).toBe('b');
    await one.svc.close();
    expect(await rulesOf(one.svc.chain)).toEqual([]);
    expect((await rulesOf(two.svc.chain)).length).toBeGreaterThan(0);
    expect((await get(two.port, false)).body).toBe('b');
  });
});
