import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import { makeImage, makePod } from './pod-harness.ts';

const pid1 = await detectPid1Support();
const IGNORE_TERM = { 'start.sh': "trap '' TERM\necho started\nsleep 1000 &\nwait\nwait\n" };

describe(`pod lifecycle edges (${pid1 ? 'PID 1 namespaces' : 'process groups: unshare unavailable'})`, () => {
  it('a pod deleted while it is being set up never starts a process', async () => {
    const image = await makeImage(IGNORE_TERM, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 5 }, pid1);
    try {
      const started = f.pod.start();
      const t0 = Date.now();
      await f.pod.terminate();
      await started;
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(f.pod.exited).toBe(true);
      expect(f.pod.pids()).toEqual([]);
      expect(existsSync(join(f.workdir, 'c.log'))).toBe(false);
    } finally {
      await f.cleanup();
    }
  });

  it('a second delete with a shorter grace period brings SIGKILL forward, to no less than 2 s from then', async () => {
    const image = await makeImage(IGNORE_TERM, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 30 }, pid1);
    try {
      await f.pod.start();
      const first = f.pod.terminate();
      await new Promise((r) => setTimeout(r, 300));
      const t1 = Date.now();
      const second = f.pod.terminate(1);
      expect(second).toBe(first);
      await first;
      expect(f.rec.at('sigkill') - t1).toBeGreaterThanOrEqual(2000);
      expect(f.rec.at('sigkill') - t1).toBeLessThan(2700);
      expect(f.rec.events.filter((e) => e.kind === 'sigterm')).toHaveLength(1);
      expect(f.rec.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it('kill() is immediate, silent on the timeline, emits exit once, and is safe to call twice', async () => {
    const image = await makeImage(IGNORE_TERM, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, { lifecycle: { preStop: { sleep: { seconds: 10 } } } }, { terminationGracePeriodSeconds: 30 }, pid1);
    let exits = 0;
    f.pod.on('exit', () => exits++);
    try {
      await f.pod.start();
      const before = f.rec.events.length;
      const t0 = Date.now();
      await Promise.all([f.pod.kill(), f.pod.kill()]);
      await f.pod.kill();
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(f.pod.exited).toBe(true);
      expect(exits).toBe(1);
      expect(f.rec.events.slice(before)).toEqual([]);
    } finally {
      await f.cleanup();
    }
  });
});
