import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepLocalLeftovers } from '../../../src/cluster/providers/local/leftovers.ts';
import { LocalProvider } from '../../../src/cluster/providers/local/local-provider.ts';
import { ownerMarker } from '../../../src/util/process-identity.ts';
import { chainsOf, podProcessesOf } from '../../cli/leftover-probe.ts';
import { BIN, runCli } from '../../cli/run-cli.ts';

/** Starts `zerodrop run prestop-sleep`, SIGKILLs it once load runs, and returns its pid and the pods it left. */
async function killMidRun(): Promise<{ pid: number; pods: number[]; chains: string[] }> {
  const out = await mkdtemp(join(tmpdir(), 'zerodrop-kill-'));
  const child = spawn(process.execPath, [BIN, 'run', 'prestop-sleep', '--baseline-seconds', '20', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/prestop-sleep: baseline/.test(stderr)) resolve();
    });
    child.on('close', () => reject(new Error(`zerodrop ended before the baseline: ${stderr}`)));
  });
  const pid = child.pid!;
  const pods = await podProcessesOf(pid);
  const chains = await chainsOf(pid);
  const closed = new Promise((r) => child.on('close', r));
  child.kill('SIGKILL');
  await closed;
  return { pid, pods, chains };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded-runtime pods never outlive zerodrop, even when it is SIGKILLed', () => {
  it('zerodrop cleanup removes the pod processes and iptables chains of a SIGKILLed run', async () => {
    const run = await killMidRun();
    expect(run.pods.length).toBeGreaterThan(0);
    // SIGKILL leaves them running: this is what the sweep is for.
    expect(run.pods.filter(alive).length).toBeGreaterThan(0);
    const r = await runCli(['cleanup', '--no-kind']);
    expect(r.code, r.stderr).toBe(0);
    expect(await podProcessesOf(run.pid)).toEqual([]);
    expect(await chainsOf(run.pid)).toEqual([]);
    // What it names is what it removed. (Another embedded run starting meanwhile, e.g. a test file in
    // parallel, sweeps the same leftovers, so which of the two names each item is not fixed.)
    for (const line of r.stdout.split('\n').filter((l) => l.includes(`dead zerodrop ${run.pid}`)))
      expect(line).toMatch(/^\s*removed process \d+ /);
  }, 120_000);

  it('the next start of the embedded runtime sweeps them', async () => {
    const run = await killMidRun();
    expect(run.pods.filter(alive).length).toBeGreaterThan(0);
    const provider = new LocalProvider();
    try {
      await provider.up();
    } finally {
      await provider.down();
    }
    expect(await podProcessesOf(run.pid)).toEqual([]);
    expect(await chainsOf(run.pid)).toEqual([]);
  }, 120_000);

  it("kills only processes whose marked owner is dead: a live run's pods are left alone", async () => {
    const deadPid = spawnSync('true').pid;
    const start = (owner: string) => spawn('sleep', ['30'], { env: { ...process.env, ZERODROP_OWNER: owner }, stdio: 'ignore' });
    const orphan = start(`${deadPid}:1`);
    const live = start(ownerMarker());
    const reused = start(`${process.pid}:1`); // this pid, another start time: a reused pid, so its owner is dead
    try {
      await new Promise((r) => setTimeout(r, 200));
      const removed = await sweepLocalLeftovers();
      expect(removed).toContain(`process ${orphan.pid} (sleep 30) of dead zerodrop ${deadPid}`);
      expect(removed).toContain(`process ${reused.pid} (sleep 30) of dead zerodrop ${process.pid}`);
      await new Promise((r) => setTimeout(r, 200));
      expect(alive(orphan.pid!)).toBe(false);
      expect(alive(reused.pid!)).toBe(false);
      expect(alive(live.pid!)).toBe(true);
    } finally {
      for (const c of [orphan, live, reused]) c.kill('SIGKILL');
    }
  });
});
