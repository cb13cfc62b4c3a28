import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import type { Container, PodSpec } from '../../../../src/k8s/manifest-types.ts';
import { makeImage, makePod } from './pod-harness.ts';

const pid1 = await detectPid1Support();
/** A PID 1 that ignores SIGTERM, so only SIGKILL ends it. */
const IGNORE_TERM = { 'start.sh': "trap '' TERM\necho started\nsleep 1000 &\nwait\nwait\n" };
/** Tolerance on timer-driven signal times, generous for a loaded 2-core machine. */
const SLACK = 700;

/** Starts a pod, deletes it with `grace` (undefined: the spec's), returns the stop times from the delete. */
async function stopTimes(container: Partial<Container>, spec: Partial<PodSpec>, grace?: number) {
  const image = await makeImage(IGNORE_TERM, { cmd: ['sh', 'start.sh'] });
  const f = await makePod(image, container, spec, pid1);
  try {
    await f.pod.start();
    const t0 = Date.now();
    await f.pod.terminate(grace);
    const { rec } = f;
    return {
      kinds: rec.kinds().filter((k) => ['prestop-start', 'sigterm', 'sigkill', 'exit'].includes(k)),
      sigterm: rec.at('sigterm') - t0,
      sigkill: rec.at('sigkill') - t0,
      exit: rec.find('exit')?.detail,
    };
  } finally {
    await f.cleanup();
  }
}

describe(`the kubelet's 2 s minimum between the stop signal and SIGKILL (${pid1 ? 'PID 1 namespaces' : 'process groups'})`, () => {
  it('terminationGracePeriodSeconds 1: SIGTERM at once, SIGKILL no earlier than 2 s after it', async () => {
    const t = await stopTimes({}, { terminationGracePeriodSeconds: 1 });
    expect(t.kinds).toEqual(['sigterm', 'sigkill', 'exit']);
    expect(t.exit).toBe('137');
    expect(t.sigterm).toBeLessThan(SLACK);
    expect(t.sigkill - t.sigterm).toBeGreaterThanOrEqual(2000);
    expect(t.sigkill - t.sigterm).toBeLessThan(2000 + SLACK);
  });

  it('terminationGracePeriodSeconds 0: still SIGTERM first, SIGKILL no earlier than 2 s after it', async () => {
    const t = await stopTimes({}, { terminationGracePeriodSeconds: 0 });
    expect(t.kinds).toEqual(['sigterm', 'sigkill', 'exit']);
    expect(t.sigterm).toBeLessThan(SLACK);
    expect(t.sigkill - t.sigterm).toBeGreaterThanOrEqual(2000);
    expect(t.sigkill - t.sigterm).toBeLessThan(2000 + SLACK);
  });

  it('a delete with grace 0 (over a spec of 30): SIGTERM first, SIGKILL no earlier than 2 s after it', async () => {
    const t = await stopTimes({}, { terminationGracePeriodSeconds: 30 }, 0);
    expect(t.kinds).toEqual(['sigterm', 'sigkill', 'exit']);
    expect(t.sigkill - t.sigterm).toBeGreaterThanOrEqual(2000);
    expect(t.sigkill - t.sigterm).toBeLessThan(2000 + SLACK);
  });

  it('grace 0 with a preStop sleep: the hook gets the 1 s the kubelet raises grace to, then SIGTERM and 2 s', async () => {
    const t = await stopTimes({ lifecycle: { preStop: { sleep: { seconds: 5 } } } }, { terminationGracePeriodSeconds: 0 });
    expect(t.kinds).toEqual(['prestop-start', 'sigterm', 'sigkill', 'exit']);
    expect(t.sigterm).toBeGreaterThanOrEqual(950);
    expect(t.sigterm).toBeLessThan(1000 + SLACK);
    expect(t.sigkill - t.sigterm).toBeGreaterThanOrEqual(2000);
    expect(t.sigkill - t.sigterm).toBeLessThan(2000 + SLACK);
  });
});
