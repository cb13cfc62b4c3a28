import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import { isGone, makeImage, makePod, SERVER_MJS, until } from './pod-harness.ts';

const pid1 = await detectPid1Support();
const why = 'unshare --pid --fork --kill-child does not work here (no PID-namespace rights), so PID-1 semantics cannot be tested';

/** Tolerance on timer-driven signal times, generous for a loaded 2-core machine. */
const SLACK = 700;

describe.skipIf(!pid1)(`PID 1 in its own PID namespace${pid1 ? '' : ` (skipped: ${why})`}`, () => {
  it("a shell PID 1 swallows SIGTERM and is SIGKILLed 2 s later (grace 1: the kubelet's minimum; exit 137)", async () => {
    const image = await makeImage({ 'start.sh': 'echo started\nsleep 1000\n' }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 1 }, true);
    try {
      await f.pod.start();
      const [shPid] = f.pod.pids();
      await until(async () => (await readFile(join(f.workdir, 'c.log'), 'utf8')).includes('started'), 5000, 'start.sh output');
      await until(async () => (await readFile(`/proc/${shPid}/task/${shPid}/children`, 'utf8')).trim() !== '', 5000, 'sleep child');
      const sleepPid = Number((await readFile(`/proc/${shPid}/task/${shPid}/children`, 'utf8')).trim().split(' ')[0]);
      const t0 = Date.now();
      await f.pod.terminate();
      const elapsed = Date.now() - t0;
      const { rec } = f;
      expect(rec.kinds().filter((k) => ['sigterm', 'sigkill', 'exit'].includes(k))).toEqual(['sigterm', 'sigkill', 'exit']);
      expect(rec.find('exit')?.detail).toBe('137');
      expect(rec.at('sigterm') - t0).toBeLessThan(SLACK);
      expect(rec.at('sigkill') - rec.at('sigterm')).toBeGreaterThanOrEqual(2000);
      expect(rec.at('sigkill') - rec.at('sigterm')).toBeLessThan(2000 + SLACK);
      expect(elapsed).toBeGreaterThanOrEqual(2000);
      expect(isGone(shPid)).toBe(true);
      // The shell's child died with it: PID 1's death takes the whole namespace down.
      await until(() => isGone(sleepPid), 1000, 'namespace child gone');
      expect(f.pod.exited).toBe(true);
    } finally {
      await f.cleanup();
    }
  });

  it('a shell PID 1 really is PID 1 and still runs after SIGTERM', async () => {
    const image = await makeImage({ 'start.sh': 'echo "pid=$$"\nsleep 1000\n' }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 2 }, true);
    try {
      await f.pod.start();
      const [hostPid] = f.pod.pids();
      const log = join(f.workdir, 'c.log');
      await until(async () => (await readFile(log, 'utf8')).includes('pid='), 5000, 'pid line');
      expect(await readFile(log, 'utf8')).toContain('pid=1\n');
      const done = f.pod.terminate();
      await new Promise((r) => setTimeout(r, 700));
      expect(f.rec.find('sigterm')).toBeDefined();
      expect(isGone(hostPid)).toBe(false);
      expect(f.pod.exited).toBe(false);
      await done;
      expect(f.rec.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it("an exec'd node process that handles SIGTERM exits 0 well before the deadline", async () => {
    const image = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const f = await makePod(
      image,
      {
        env: [
          { name: 'PORT', value: '8080' },
          { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'ON_SIGTERM', value: 'exit' },
        ],
      },
      { terminationGracePeriodSeconds: 2 },
      true,
    );
    try {
      await f.pod.start();
      await until(async () => (await readFile(join(f.workdir, 'c.log'), 'utf8')).includes('listening'), 8000, 'server listening');
      const t0 = Date.now();
      await f.pod.terminate();
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(f.rec.find('sigkill')).toBeUndefined();
      expect(f.rec.find('exit')?.detail).toBe('0');
      expect(await readFile(join(f.workdir, 'c.log'), 'utf8')).toContain('sigterm');
    } finally {
      await f.cleanup();
    }
  });

  it('node as PID 1 without a SIGTERM handler ignores SIGTERM (kernel rule) and is killed at the deadline', async () => {
    const image = await makeImage(
      { 'idle.mjs': 'setInterval(() => {}, 1000); console.log("up");\n' },
      { entrypoint: ['node', 'idle.mjs'] },
    );
    const f = await makePod(image, {}, { terminationGracePeriodSeconds: 1 }, true);
    try {
      await f.pod.start();
      await until(async () => (await readFile(join(f.workdir, 'c.log'), 'utf8')).includes('up'), 8000, 'node up');
      await f.pod.terminate();
      expect(f.rec.find('exit')?.detail).toBe('137');
      expect(f.rec.at('sigkill') - f.rec.at('sigterm')).toBeGreaterThanOrEqual(950);
    } finally {
      await f.cleanup();
    }
  });

  it('terminate(0) is grace 1 for the kubelet: preStop for 1 s, then SIGTERM, then SIGKILL 2 s later', async () => {
    const image = await makeImage({}, { cmd: ['sleep', '1000'] });
    const f = await makePod(image, { lifecycle: { preStop: { sleep: { seconds: 5 } } } }, { terminationGracePeriodSeconds: 30 }, true);
    try {
      await f.pod.start();
      const t0 = Date.now();
      await f.pod.terminate(0);
      expect(f.rec.kinds().filter((k) => ['prestop-start', 'sigterm', 'sigkill'].includes(k))).toEqual([
        'prestop-start',
        'sigterm',
        'sigkill',
      ]);
      expect(f.rec.at('sigterm') - t0).toBeGreaterThanOrEqual(950);
      expect(f.rec.at('sigterm') - t0).toBeLessThan(1000 + SLACK);
      expect(f.rec.at('sigkill') - f.rec.at('sigterm')).toBeGreaterThanOrEqual(2000);
      expect(f.rec.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });
});
