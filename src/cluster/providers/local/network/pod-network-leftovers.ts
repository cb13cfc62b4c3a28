import { readdir, readFile } from 'node:fs/promises';
import { ownerAlive } from '../../../../util/index.ts';
import { iptablesRestore } from '../service/iptables-exec.ts';
import {
  aliasOwner,
  BRIDGE_RE,
  bridgeName,
  ipBatchForce,
  linkNames,
  masqueradeSpec,
  NETNS_DIR,
  NETNS_RE,
  natRules,
  VETH_RE,
} from './pod-network-ip.ts';

/**
 * Removes the pod networks (see pod-network.ts) that zerodrop runs no longer alive left behind: their
 * bridge `zdbrX` (its ifalias names the owner), veths `zdvXh<n>`, namespaces `zdX-<n>` and nat
 * MASQUERADE rule; also veths and namespaces whose bridge is gone. A bridge without our alias (one
 * being set up this instant) and everything of a live run are left alone. Returns one line per thing
 * removed; [] when not root or without iproute2. Never throws.
 */
export async function removeNetworkLeftovers(): Promise<string[]> {
  if (process.getuid?.() !== 0) return [];
  const links = await linkNames().catch(() => undefined);
  if (links === undefined) return [];
  const bridges = new Map<number, string>(); // X -> bridge name, for every zdbrX present
  for (const l of links) {
    const m = BRIDGE_RE.exec(l);
    if (m) bridges.set(Number(m[1]), l);
  }
  const dead = new Set<number>();
  for (const [x, name] of bridges) {
    const owner = aliasOwner(await readFile(`/sys/class/net/${name}/ifalias`, 'utf8').catch(() => ''));
    if (owner !== undefined && !ownerAlive(owner)) dead.add(x);
  }
  const stale = (x: number): boolean => dead.has(x) || !bridges.has(x);
  const removed: string[] = [];
  const lines: string[] = [];
  for (const l of links) {
    const m = VETH_RE.exec(l);
    if (m && stale(Number(m[1]))) {
      lines.push(`link del ${l}`);
      removed.push(`veth ${l}`);
    }
  }
  for (const ns of await readdir(NETNS_DIR).catch(() => [] as string[])) {
    const m = NETNS_RE.exec(ns);
    if (m && stale(Number(m[1]))) {
      lines.push(`netns del ${ns}`);
      removed.push(`network namespace ${ns}`);
    }
  }
  for (const x of dead) {
    lines.push(`link del ${bridgeName(x)}`);
    removed.push(`bridge ${bridgeName(x)} (10.${x}.0.0/16)`);
  }
  await ipBatchForce(lines);
  const nat = await natRules();
  for (const x of dead) {
    if (!nat.includes(`-A ${masqueradeSpec(x)}`)) continue;
    await iptablesRestore(`*nat\n-D ${masqueradeSpec(x)}\nCOMMIT\n`).then(
      () => removed.push(`nat rule ${masqueradeSpec(x)}`),
      () => undefined,
    );
  }
  return removed;
}
