import { readdir, readFile } from 'node:fs/promises';
import { ownerAlive, ownerMarker } from '../../../util/index.ts';
import { removeNetworkLeftovers } from './network/pod-network-leftovers.ts';
import { removeStaleChains } from './service/iptables-support.ts';

/** The run marker: every pod process of the embedded runtime has ZERODROP_OWNER=<pid>:<start> in its environment. */
export const OWNER_ENV = 'ZERODROP_OWNER';
export { ownerMarker };

/** Processes (pid, marker, command) whose environment carries a run marker. */
export async function markedProcesses(): Promise<{ pid: number; owner: string; command: string }[]> {
  const found: { pid: number; owner: string; command: string }[] = [];
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    const environ = await readFile(`/proc/${e}/environ`, 'latin1').catch(() => '');
    const owner = environ
      .split('\0')
      .find((v) => v.startsWith(`${OWNER_ENV}=`))
      ?.slice(OWNER_ENV.length + 1);
    if (!owner) continue;
    const cmdline = await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '');
    found.push({ pid: Number(e), owner, command: cmdline.split('\0').filter(Boolean).join(' ').slice(0, 120) });
  }
  return found;
}

/**
 * Removes what embedded runs of zerodrop processes that are no longer alive left behind: their pod
 * processes (SIGKILL, found by the run marker) and their iptables chains ZD-<pid>-<n> (and hooks), plus
 * per-pod network leftovers when the runtime has them. Processes of live runs are never touched.
 * Returns one description per thing removed.
 */
export async function sweepLocalLeftovers(): Promise<string[]> {
  const removed: string[] = [];
  for (const p of await markedProcesses()) {
    if (ownerAlive(p.owner)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
      removed.push(`process ${p.pid} (${p.command}) of dead zerodrop ${p.owner.split(':')[0]}`);
    } catch {
      // already gone
    }
  }
  const chains = await removeStaleChains().catch(() => [] as string[]); // no iptables or not root: no chains to remove
  removed.push(...chains.map((c) => `iptables chain ${c}`));
  removed.push(...(await removeNetworkLeftovers()));
  return removed;
}
