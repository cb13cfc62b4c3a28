import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import { makeImage, makePod, SERVER_MJS, until, waitReady } from './pod-harness.ts';

const pid1 = await detectPid1Support();
const serverEnv = [
  { name: 'PORT', value: '8080' },
  { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  { name: 'ON_SIGTERM', value: 'ignore' },
];

describe('probes', () => {
  it('httpGet readiness follows the server: not ready, ready, unready after failureThreshold, and keeps probing while terminating', async () => {
    const image = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const readinessProbe = { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 1, failureThreshold: 2 };
    const f = await makePod(image, { env: serverEnv, readinessProbe }, { terminationGracePeriodSeconds: 3 }, pid1);
    const flag = join(f.workdir, 'c', 'ready');
    try {
      await f.pod.start();
      await until(async () => (await readFile(join(f.workdir, 'c.log'), 'utf8')).includes('listening'), 8000, 'server listening');
      // The server answers 503 on /readyz: the pod must stay unready over several periods.
      await new Promise((r) => setTimeout(r, 1500));
      expect(f.pod.ready).toBe(false);
      await writeFile(flag, '');
      const tReady = await waitReady(f.pod, true, 3000);
      expect(f.rec.find('pod-ready')).toBeDefined();
      // Every failed attempt is a probe-failed event (the kubelet's Unhealthy event), before and after the threshold.
      const failedAt = () => f.rec.events.filter((e) => e.kind === 'probe-failed' && e.detail === 'readiness').map((e) => e.t);
      expect(failedAt().filter((t) => t < tReady).length).toBeGreaterThanOrEqual(1);
      await rm(flag);
      const tGone = Date.now();
      const tUnready = await waitReady(f.pod, false, 5000);
      // Two failures one period apart: at least ~1 s after the flag went away, at most ~2 periods + timeout.
      expect(tUnready - tGone).toBeGreaterThanOrEqual(900);
      expect(tUnready - tGone).toBeLessThan(3500);
      expect(tUnready).toBeGreaterThan(tReady);
      // Ready again, then terminate: the app ignores SIGTERM and keeps serving, readiness keeps being probed.
      await writeFile(flag, '');
      await waitReady(f.pod, true, 3000);
      const done = f.pod.terminate();
      expect(f.pod.terminating).toBe(true);
      await rm(flag);
      const tTerm = Date.now();
      await waitReady(f.pod, false, 4000);
      expect(f.pod.exited).toBe(false);
      expect(failedAt().filter((t) => t >= tTerm).length).toBeGreaterThanOrEqual(2); // failureThreshold 2, while terminating
      await done;
      expect(f.rec.find('exit')?.detail).toBe('137');
    } finally {
      await f.cleanup();
    }
  });

  it('tcpSocket readiness passes as soon as the port accepts, even while /readyz says 503', async () => {
    const image = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const f = await makePod(
      image,
      { env: serverEnv, readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } },
      { terminationGracePeriodSeconds: 1 },
      pid1,
    );
    try {
      await f.pod.start();
      expect(f.pod.ready).toBe(false);
      await waitReady(f.pod, true, 5000);
      const res = await fetch(`http://${f.ip}:8080/readyz`);
      expect(res.status).toBe(503);
    } finally {
      await f.cleanup();
    }
  });

  it('without a readiness probe a container is ready as soon as it runs', async () => {
    const image = await makeImage({}, { cmd: ['sleep', '1000'] });
    const f = await makePod(image, {}, {}, pid1);
    try {
      await f.pod.start();
      expect(f.pod.ready).toBe(true);
      expect(f.rec.kinds()).toEqual(['pod-created', 'pod-ready']);
    } finally {
      await f.cleanup();
    }
  });

  it('a startup probe gates readiness; exec probes run in the container cwd', async () => {
    const image = await makeImage({}, { cmd: ['sleep', '1000'] });
    const startupProbe = { exec: { command: ['test', '-f', 'started'] }, periodSeconds: 1, failureThreshold: 30 };
    const f = await makePod(image, { startupProbe }, {}, pid1);
    try {
      await f.pod.start();
      await new Promise((r) => setTimeout(r, 1200));
      expect(f.pod.ready).toBe(false);
      await writeFile(join(f.workdir, 'c', 'started'), '');
      await waitReady(f.pod, true, 3000);
    } finally {
      await f.cleanup();
    }
  });

  it('a failed liveness probe restarts the container gracefully (SIGTERM, exit, restart)', async () => {
    const image = await makeImage({ 'server.mjs': SERVER_MJS }, { cmd: ['node', 'server.mjs'] });
    const env = serverEnv.map((e) => (e.name === 'ON_SIGTERM' ? { ...e, value: 'exit' } : e));
    const livenessProbe = { exec: { command: ['test', '-f', 'alive'] }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 1 };
    const f = await makePod(image, { env, livenessProbe }, { terminationGracePeriodSeconds: 2 }, pid1);
    try {
      await f.pod.start();
      await writeFile(join(f.workdir, 'c', 'alive'), '');
      const [first] = f.pod.pids();
      await new Promise((r) => setTimeout(r, 2300)); // two liveness passes (at 1 s and 2 s)
      expect(f.pod.restarts).toBe(0);
      await rm(join(f.workdir, 'c', 'alive'));
      await until(() => f.pod.restarts === 1 && f.pod.pids().length === 1, 5000, 'restart');
      expect(f.pod.pids()[0]).not.toBe(first);
      const kinds = f.rec.kinds();
      expect(kinds.indexOf('sigterm')).toBeGreaterThan(kinds.indexOf('note'));
      expect(f.rec.find('exit')?.detail).toBe('0');
      expect(f.rec.events.some((e) => e.kind === 'note' && /liveness/.test(e.detail ?? ''))).toBe(true);
      expect(f.pod.exited).toBe(false);
    } finally {
      await f.cleanup();
    }
  });
});
