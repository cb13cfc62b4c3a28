import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGone, makeImage, makePod, until } from './pod-harness.ts';

/** Without PID namespaces (pid1: false) the entrypoint leads its own process group. */
describe('process-group fallback (pid1: false)', () => {
  it('SIGTERM reaches the leader only: a shell without a trap dies of it (143) and its children are killed with the group', async () => {
    const image = await makeImage({ 'start.sh': 'sleep 1000 &\necho "child=$!"\nwait\n' }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 2 }, false);
    try {
      await f.pod.start();
      const log = join(f.workdir, 'c.log');
      await until(async () => (await readFile(log, 'utf8')).includes('child='), 5000, 'child pid');
      const child = Number(/child=(\d+)/.exec(await readFile(log, 'utf8'))?.[1]);
      expect(isGone(child)).toBe(false);
      const t0 = Date.now();
      await f.pod.terminate();
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(f.rec.find('sigkill')).toBeUndefined();
      expect(f.rec.find('exit')?.detail).toBe('143');
      // Not a PID namespace, yet the leader's exit takes its group down, as PID 1's would.
      await until(() => isGone(child), 2000, 'group child gone');
    } finally {
      await f.cleanup();
    }
  });

  it('a leader that ignores SIGTERM gets SIGKILL 2 s later (grace 1, raised to the minimum), sent to the whole group', async () => {
    const image = await makeImage(
      { 'start.sh': 'trap \'\' TERM\nsleep 1000 &\necho "child=$!"\nwait\nwait\n' },
      { cmd: ['sh', 'start.sh'] },
    );
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 1 }, false);
    try {
      await f.pod.start();
      const log = join(f.workdir, 'c.log');
      await until(async () => (await readFile(log, 'utf8')).includes('child='), 5000, 'child pid');
      const child = Number(/child=(\d+)/.exec(await readFile(log, 'utf8'))?.[1]);
      await f.pod.terminate();
      expect(f.rec.at('sigkill') - f.rec.at('sigterm')).toBeGreaterThanOrEqual(2000);
      expect(f.rec.at('sigkill') - f.rec.at('sigterm')).toBeLessThan(2700);
      expect(f.rec.find('exit')?.detail).toBe('137');
      await until(() => isGone(child), 2000, 'group child gone');
    } finally {
      await f.cleanup();
    }
  });

  it('a container that exits on its own is restarted, the first time at once', async () => {
    const image = await makeImage({ 'start.sh': 'echo run >> runs.txt\nexit 3\n' }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, {}, false);
    try {
      await f.pod.start();
      await until(() => f.pod.restarts >= 1, 3000, 'first restart');
      await until(
        async () => (await readFile(join(f.workdir, 'c', 'runs.txt'), 'utf8')).split('\n').filter(Boolean).length === 2,
        3000,
        'second run',
      );
      expect(
        f.rec.events
          .filter((e) => e.kind === 'exit')
          .map((e) => e.detail)
          .slice(0, 2),
      ).toEqual(['3', '3']);
      // Back-off: the second restart waits 10 s (CrashLoopBackOff), so no third run yet.
      await new Promise((r) => setTimeout(r, 500));
      expect(f.pod.restarts).toBe(1);
      expect(f.pod.exited).toBe(false);
      expect(f.rec.events.some((e) => e.kind === 'note' && /restarting in 10s/.test(e.detail ?? ''))).toBe(true);
    } finally {
      await f.cleanup();
    }
  });
});
