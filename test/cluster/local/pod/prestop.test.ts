import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import { makeImage, makePod, SERVER_MJS, until } from './pod-harness.ts';

const pid1 = await detectPid1Support();
const SLACK = 700;

describe(`preStop hooks (${pid1 ? 'PID 1 namespaces' : 'process groups: unshare unavailable'})`, () => {
  it('runs preStop before SIGTERM, and preStop time counts inside the grace period', async () => {
    // The shell ignores SIGTERM (trap '' works with or without PID 1), so SIGKILL must come at the deadline.
    const image = await makeImage({ 'start.sh': "trap '' TERM\nsleep 1000 &\nwait\nwait\n" }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, { lifecycle: { preStop: { sleep: { seconds: 1 } } } }, { terminationGracePeriodSeconds: 4 }, pid1);
    try {
      await f.pod.start();
      const t0 = Date.now();
      await f.pod.terminate();
      const r = f.rec;
      expect(r.kinds().filter((k) => k !== 'pod-ready' && k !== 'pod-unready' && k !== 'pod-created')).toEqual([
        'prestop-start',
        'prestop-end',
        'sigterm',
        'sigkill',
        'exit',
      ]);
      expect(r.at('prestop-start') - t0).toBeLessThan(SLACK);
      expect(r.at('prestop-end') - r.at('prestop-start')).toBeGreaterThanOrEqual(990);
      expect(r.at('sigterm')).toBeGreaterThanOrEqual(r.at('prestop-end'));
      // SIGKILL at t0 + grace (4 s), not at preStop end + grace (5 s).
      expect(r.at('sigkill') - t0).toBeGreaterThanOrEqual(3950);
      expect(r.at('sigkill') - t0).toBeLessThan(4000 + SLACK);
      expect(r.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it('a preStop that ends near the deadline still leaves 2 s between SIGTERM and SIGKILL (minimumGracePeriodInSeconds)', async () => {
    const image = await makeImage({ 'start.sh': "trap '' TERM\nsleep 1000 &\nwait\nwait\n" }, { cmd: ['sh', 'start.sh'] });
    // grace 2 s, preStop 1.5 s: the kubelet counts the hook as 1 s, leaving 1 s, raised to the 2 s minimum.
    const f = await makePod(
      image,
      { lifecycle: { preStop: { exec: { command: ['sleep', '1.5'] } } } },
      { terminationGracePeriodSeconds: 2 },
      pid1,
    );
    try {
      await f.pod.start();
      const t0 = Date.now();
      await f.pod.terminate();
      const r = f.rec;
      expect(r.find('prestop-end')?.detail).toBe('ok');
      expect(r.at('prestop-end') - t0).toBeGreaterThanOrEqual(1450);
      expect(r.at('sigterm')).toBeGreaterThanOrEqual(r.at('prestop-end'));
      expect(r.at('sigkill') - r.at('sigterm')).toBeGreaterThanOrEqual(1950);
      expect(r.at('sigkill') - r.at('sigterm')).toBeLessThan(2000 + SLACK);
      // Past the 2 s grace deadline, as on a real node.
      expect(r.at('sigkill') - t0).toBeGreaterThan(3400);
      expect(r.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it('a preStop still running at the deadline gets SIGTERM then and a one-time 2 s extension before SIGKILL', async () => {
    const image = await makeImage({ 'start.sh': "trap '' TERM\nsleep 1000 &\nwait\nwait\n" }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(image, { lifecycle: { preStop: { sleep: { seconds: 30 } } } }, { terminationGracePeriodSeconds: 1 }, pid1);
    try {
      await f.pod.start();
      const t0 = Date.now();
      await f.pod.terminate();
      const r = f.rec;
      expect(r.at('sigterm') - t0).toBeGreaterThanOrEqual(950);
      expect(r.at('sigterm') - t0).toBeLessThan(1000 + SLACK);
      expect(r.at('sigkill') - r.at('sigterm')).toBeGreaterThanOrEqual(1950);
      expect(r.at('sigkill') - r.at('sigterm')).toBeLessThan(2000 + SLACK);
      // The hook ends when the container dies, after SIGKILL.
      expect(r.at('prestop-end')).toBeGreaterThanOrEqual(r.at('sigkill'));
      expect(r.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it('exec and httpGet preStop hooks run in the container (cwd, env, pod IP) before the stop signal', async () => {
    const image = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const env = [
      { name: 'PORT', value: '8080' },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'ON_SIGTERM', value: 'exit' },
    ];
    const exec = await makePod(
      image,
      { env, lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 0.3; echo "$POD_NAME $(date +%s%3N)" > hook.txt'] } } } },
      { terminationGracePeriodSeconds: 5 },
      pid1,
    );
    try {
      await exec.pod.start();
      await until(async () => (await readFile(join(exec.workdir, 'c.log'), 'utf8')).includes('listening'), 8000, 'server listening');
      await exec.pod.terminate();
      const [who, when] = (await readFile(join(exec.workdir, 'c', 'hook.txt'), 'utf8')).trim().split(' ');
      expect(who).toBe('web-1');
      expect(Number(when)).toBeLessThanOrEqual(exec.rec.at('sigterm'));
      expect(exec.rec.at('sigterm')).toBeGreaterThanOrEqual(exec.rec.at('prestop-end'));
      expect(exec.rec.find('prestop-end')?.detail).toBe('ok');
      expect(exec.rec.find('exit')?.detail).toBe('0');
    } finally {
      await exec.cleanup();
    }
    const image2 = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const http = await makePod(
      image2,
      { env, ports: [{ containerPort: 8080, name: 'web' }], lifecycle: { preStop: { httpGet: { path: '/prestop', port: 'web' } } } },
      { terminationGracePeriodSeconds: 5 },
      pid1,
    );
    try {
      await http.pod.start();
      await until(async () => (await readFile(join(http.workdir, 'c.log'), 'utf8')).includes('listening'), 8000, 'server listening');
      await http.pod.terminate();
      const log = await readFile(join(http.workdir, 'c.log'), 'utf8');
      const hit = Number(/prestop-hit (\d+)/.exec(log)?.[1]);
      expect(hit).toBeGreaterThanOrEqual(http.rec.at('prestop-start'));
      expect(hit).toBeLessThanOrEqual(http.rec.at('sigterm'));
      expect(log.indexOf('prestop-hit')).toBeLessThan(log.indexOf('sigterm'));
      expect(http.rec.find('exit')?.detail).toBe('0');
    } finally {
      await http.cleanup();
    }
  });
});
