import { execFile, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workload } from '../../../src/cluster/provider.ts';
import { LocalProvider } from '../../../src/cluster/providers/local/local-provider.ts';
import { linkNames, natRules } from '../../../src/cluster/providers/local/network/pod-network-ip.ts';
import { removeNetworkLeftovers } from '../../../src/cluster/providers/local/network/pod-network-leftovers.ts';
import { get, underLoad, wildcardScenario } from './wildcard-app.ts';

const root = process.getuid?.() === 0;
const randomPort = (): number => 20_000 + Math.floor(Math.random() * 10_000);

/** Links and namespaces of pod network 10.<x>.0.0/16 still present. */
async function leftovers(x: number): Promise<string[]> {
  const links = (await linkNames()).filter((l) => l === `zdbr${x}` || l.startsWith(`zdv${x}h`));
  const ns = (await readdir('/run/netns').catch(() => [] as string[])).filter((n) => n.startsWith(`zd${x}-`));
  return [...links, ...ns];
}

async function eventually(check: () => Promise<string[]>, ms = 6000): Promise<string[]> {
  const end = Date.now() + ms;
  let left = await check();
  while (left.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = await check();
  }
  return left;
}

describe.skipIf(!root).each(['iptables', 'userspace'] as const)(
  'an app that binds 0.0.0.0, 3 replicas, a network namespace per pod (root), %s Service',
  (serviceMode) => {
    const provider = new LocalProvider({ nodes: 2, propagationDelayMs: 300, serviceMode });
    let workload: Workload;
    let x: number;

    beforeAll(async () => {
      await provider.up();
      expect(provider.podNetwork?.mode).toBe('namespace');
      expect(provider.serviceDataPath.mode).toBe(serviceMode);
      x = provider.podNetwork!.prefix;
      // userspace: with an exec readiness probe, which passes only inside the pod's own network namespace.
      workload = await provider.deploy(wildcardScenario(3, randomPort(), { execProbe: serviceMode === 'userspace' }), { emit() {} });
      await workload.waitSettled(30_000);
    }, 60_000);
    afterAll(async () => {
      await workload?.remove();
      await provider.down();
    });

    it('says how pods are networked', () => {
      expect(provider.notes().some((n) => n.includes(`network namespace per pod on bridge zdbr${x} (10.${x}.0.0/16`))).toBe(true);
    });

    it('answers through workload.target from all 3 pods', async () => {
      const pods = await workload.pods();
      expect(pods).toHaveLength(3);
      const seen = new Set<string>();
      for (let i = 0; i < 60 && seen.size < 3; i++) seen.add((await get(workload.target)).pod);
      expect([...seen].sort()).toEqual(pods.map((p) => p.name).sort());
    }, 30_000);

    it('rolls out a restart without losing a request', async () => {
      const before = await workload.pods();
      const { outcomes, servedBy } = await underLoad(workload, async () => {
        await workload.restart();
        await workload.waitRolloutComplete(60_000);
        await workload.waitSettled(30_000);
      });
      const after = await workload.pods();
      expect(after).toHaveLength(3);
      expect(after.some((p) => before.some((b) => b.name === p.name))).toBe(false);
      expect(outcomes.length).toBeGreaterThan(100);
      expect(outcomes.filter((o) => o !== '200')).toEqual([]);
      for (const p of after) expect(servedBy).toContain(p.name);
    }, 90_000);

    it('remove() leaves no namespace or veth behind, down() no bridge', async () => {
      expect((await leftovers(x)).length).toBeGreaterThan(3); // bridge + 3 veths + 3 namespaces
      await workload.remove();
      expect(await eventually(async () => (await leftovers(x)).filter((l) => l !== `zdbr${x}`))).toEqual([]);
      await provider.down();
      expect(await leftovers(x)).toEqual([]);
      expect(await natRules()).not.toContain(`-o zdbr${x} `);
    }, 30_000);
  },
);

describe('an app that binds 0.0.0.0 on the host network', () => {
  it('fails with one line naming the cause and the fix', async () => {
    const provider = new LocalProvider({ nodes: 2, propagationDelayMs: 0, podNetwork: 'host' });
    await provider.up();
    const port = randomPort();
    try {
      expect(provider.podNetwork?.mode).toBe('host');
      const workload = await provider.deploy(wildcardScenario(2, port), { emit() {} });
      const err = await workload.waitSettled(40_000).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(
        new RegExp(
          `app binds 0\\.0\\.0\\.0:${port} and shares the host network here: run as root for a network namespace per pod, or bind status\\.podIP`,
        ),
      );
      expect(err?.message).not.toMatch(/\n/);
    } finally {
      await provider.down();
    }
  }, 60_000);
});

const here = dirname(fileURLToPath(import.meta.url));

describe.skipIf(!root)('removeNetworkLeftovers', () => {
  it('removes the bridge, veths and namespaces of a SIGKILLed run, and nothing of a live one', async () => {
    const live = new LocalProvider({ nodes: 1 });
    await live.up();
    const liveX = live.podNetwork!.prefix;
    const script = `import { PodNetwork } from ${JSON.stringify(resolve(here, '../../../src/cluster/providers/local/network/pod-network.ts'))};
      const net = await PodNetwork.create({ masquerade: true });
      await net.allocate([8080]); await net.allocate([8080]);
      console.log(net.prefix); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const x = Number(await new Promise<string>((r) => child.stdout.once('data', (d: Buffer) => r(d.toString().trim()))));
      expect(await leftovers(x)).toHaveLength(5);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const removed = await removeNetworkLeftovers();
      expect(removed).toContain(`bridge zdbr${x} (10.${x}.0.0/16)`);
      expect(removed.filter((l) => l.includes(`zd${x}-`) || l.includes(`zdv${x}h`))).toHaveLength(4);
      expect(removed.some((l) => l.startsWith(`nat rule POSTROUTING -s 127.0.0.0/8 -o zdbr${x} `))).toBe(true);
      expect(await leftovers(x)).toEqual([]);
      expect(await natRules()).not.toContain(`-o zdbr${x} `);
      expect(await leftovers(liveX)).toContain(`zdbr${liveX}`);
    } finally {
      child.kill('SIGKILL');
      await live.down();
    }
  }, 30_000);
});

describe.skipIf(!root)('podNetwork option', () => {
  it('auto falls back to the host network, and namespace fails with one line, when ip is not on PATH', async () => {
    const providerFile = resolve(here, '../../../src/cluster/providers/local/local-provider.ts');
    const script = `const { LocalProvider } = await import(${JSON.stringify(providerFile)});
      const auto = new LocalProvider(); await auto.up(); const out = { auto: auto.podNetwork?.mode, note: auto.notes().find((n) => n.startsWith('Pod network')) };
      await auto.down();
      try { await new LocalProvider({ podNetwork: 'namespace' }).up(); } catch (e) { out.error = e.oneLine(); }
      process.stdout.write(JSON.stringify(out));`;
    const out = await new Promise<string>((res, rej) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { env: { ...process.env, PATH: dirname(process.execPath) }, encoding: 'utf8', timeout: 20_000 },
        (err, stdout, stderr) => (err ? rej(new Error(stderr)) : res(stdout)),
      ),
    );
    const r = JSON.parse(out) as { auto: string; note: string; error: string };
    expect(r.auto).toBe('host');
    expect(r.note).toMatch(/^Pod network: pods share the host network \(iproute2 \(ip\) is not installed\), .* must bind status.podIP/);
    expect(r.error).toBe(
      'podNetwork: network namespaces per pod are not available here: iproute2 (ip) is not installed (hint: run as root with iproute2 installed, or use the host pod network)',
    );
  }, 30_000);
});
