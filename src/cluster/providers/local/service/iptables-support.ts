import net from 'node:net';
import { iptablesRestore, iptablesSave } from './iptables-exec.ts';
import { chainPid, parseZdChains, teardownRules } from './iptables-rules.ts';
import { IptablesService } from './iptables-service.ts';

export type IptablesSupport = { ok: true } | { ok: false; reason: string };

let detected: Promise<IptablesSupport> | undefined;

/**
 * One-time check (per process) that the iptables Service data path works here: root, iptables-restore
 * present, and a real connection to a test Service both reaches a backend on another loopback
 * address through DNAT and is refused once the Service has no endpoint. Never throws.
 */
export function detectIptablesSupport(): Promise<IptablesSupport> {
  detected ??= probe().catch((err: Error) => ({ ok: false as const, reason: oneLine(err) }));
  return detected;
}

async function probe(): Promise<IptablesSupport> {
  if (process.platform !== 'linux') return { ok: false, reason: 'not Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root' };
  const backend = net.createServer((s) => s.end('zd'));
  // 127.1.x.x: pod addresses keep clear of it (see pod-address.ts).
  const host = `127.1.${(Math.random() * 254 + 1) | 0}.${(Math.random() * 254 + 1) | 0}`;
  await new Promise<void>((resolve, reject) => {
    backend.once('error', reject);
    backend.listen(0, host, () => resolve());
  });
  const service = new IptablesService();
  try {
    const { port } = await service.listen();
    const ep = { pod: 'probe', host, port: (backend.address() as net.AddressInfo).port, ready: true, serving: true, terminating: false };
    service.setEndpoints([ep, { ...ep, pod: 'probe-2' }]); // two rules: exercises the statistic match too
    await service.synced();
    if (service.failure) return { ok: false, reason: oneLine(service.failure) };
    const reply = await exchange(port);
    if (reply !== 'zd')
      return { ok: false, reason: `a connection through the nat table got ${JSON.stringify(reply)} instead of the backend's reply` };
    service.setEndpoints([]);
    await service.synced();
    const none = await exchange(port);
    if (none !== 'ECONNREFUSED')
      return { ok: false, reason: `a connection to a Service without endpoints ended with ${JSON.stringify(none)}, not ECONNREFUSED` };
    return { ok: true };
  } finally {
    await service.close().catch(() => {});
    backend.close();
  }
}

/** Connects to 127.0.0.1:port; resolves with what was received, or the error code. */
function exchange(port: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('timeout');
    }, 2000);
    sock.setEncoding('utf8');
    sock.on('data', (c: string) => (data += c));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/**
 * Removes ZD-<pid>-<n> chains (and their OUTPUT hooks) left in the nat and filter tables by
 * processes that are no longer alive. Returns the chains removed.
 */
export async function removeStaleChains(): Promise<string[]> {
  // Another process may be removing the same chains right now; then read the tables again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await removeStaleOnce();
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

async function removeStaleOnce(): Promise<string[]> {
  const byTable = new Map<string, { chains: string[]; hooks: string[] }>();
  const removed = new Set<string>();
  for (const table of ['nat', 'filter']) {
    const { chains, hooks } = parseZdChains(await iptablesSave(table));
    const dead = chains.filter((c) => !alive(chainPid(c)!));
    dead.forEach((c) => removed.add(c));
    byTable.set(table, { chains: dead, hooks: hooks.filter((h) => dead.includes(h.chain)).map((h) => h.spec) });
  }
  const input = teardownRules(byTable);
  if (input) await iptablesRestore(input);
  return [...removed];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function oneLine(err: Error): string {
  const e = err as NodeJS.ErrnoException;
  for (let c: NodeJS.ErrnoException | undefined = e; c; c = c.cause as NodeJS.ErrnoException | undefined) {
    if (c.code === 'ENOENT') return 'iptables-restore is not installed';
  }
  return (err.message.split('\n')[0] ?? String(err)).slice(0, 300);
}
