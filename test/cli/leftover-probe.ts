import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Live processes whose run marker (ZERODROP_OWNER) names zerodrop process `pid`. */
export async function podProcessesOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const env = await readFile(`/proc/${e}/environ`, 'latin1').catch(() => '');
    if (env.split('\0').some((v) => v.startsWith(`ZERODROP_OWNER=${pid}:`))) out.push(Number(e));
  }
  return out;
}

/** iptables chains (nat and filter) zerodrop process `pid` created; [] without iptables. */
export async function chainsOf(pid: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['nat', 'filter']) {
    const { stdout } = await run('iptables', ['-t', table, '-S']).catch(() => ({ stdout: '' }));
    found.push(...stdout.split('\n').filter((l) => l.includes(`ZD-${pid}-`)));
  }
  return found;
}
