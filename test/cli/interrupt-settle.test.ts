import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainsOf, podProcessesOf } from './leftover-probe.ts';
import { BIN } from './run-cli.ts';

/**
 * Interrupts a run while the rollout is settling (prestop-sleep's old pods sleep in preStop, so the
 * disruption's wait lasts seconds) and measures how long zerodrop takes to exit.
 */
async function interruptDuringSettle(signal: NodeJS.Signals) {
  const out = await mkdtemp(join(tmpdir(), 'zerodrop-int-settle-'));
  const child = spawn(process.execPath, [BIN, 'run', 'prestop-sleep', '--baseline-seconds', '1', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let sentAt = 0;
  let podsWhenSent: number[] = [];
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sentAt && /prestop-sleep: disruption/.test(stderr)) {
        sentAt = -1;
        // 1.5 s into the disruption the rollout is waiting for old pods (preStop sleep) to go.
        setTimeout(() => {
          void podProcessesOf(child.pid!).then((p) => {
            podsWhenSent = p;
          });
          sentAt = Date.now();
          child.kill(signal);
        }, 1500);
      }
    });
    child.on('close', resolve);
  });
  return { code, stderr, seconds: (Date.now() - sentAt) / 1000, pid: child.pid!, podsWhenSent };
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s while the rollout settles', (signal) => {
  it('exits 130 within 5 s, cleaned up, leaving no pod process and no iptables chain', async () => {
    const r = await interruptDuringSettle(signal);
    expect(r.code, r.stderr).toBe(130);
    expect(r.seconds, r.stderr).toBeLessThan(5);
    expect(r.podsWhenSent.length, 'pods were running when the signal went').toBeGreaterThan(0);
    expect(r.stderr).toContain('interrupted; cleaned up');
    expect(await podProcessesOf(r.pid)).toEqual([]);
    expect(await chainsOf(r.pid)).toEqual([]);
  }, 120_000);
});
