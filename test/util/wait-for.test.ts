import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../src/util/wait-for.ts';

describe('waitFor, the one wait primitive', () => {
  it('resolves once the check is done, looking again every interval', async () => {
    let n = 0;
    await waitFor(() => ({ done: ++n >= 3, waiting: `look ${n}` }), { what: 'three looks', timeoutMs: 1000, intervalMs: 5 });
    expect(n).toBe(3);
  });

  it('times out with one line naming what was awaited, what was missing and the explanation', async () => {
    const err = await waitFor(() => ({ done: false, waiting: '1 of 2 replicas ready' }), {
      what: 'rollout of web',
      timeoutMs: 30,
      intervalMs: 5,
      explain: () => 'stuck pods: web-1 (ImagePullBackOff)',
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe('rollout of web: still 1 of 2 replicas ready after 0 s; stuck pods: web-1 (ImagePullBackOff)');
  });

  it('ends at once when waiting cannot help: a string names the wait, an Error is thrown as it is', async () => {
    const t = Date.now();
    await expect(
      waitFor(() => ({ done: false, failed: 'progress deadline exceeded' }), { what: 'rollout', timeoutMs: 5000 }),
    ).rejects.toThrow('rollout: progress deadline exceeded');
    const own = new Error('pod web-1 exited 1');
    await expect(waitFor(() => ({ done: false, failed: own }), { what: 'settle', timeoutMs: 5000 })).rejects.toBe(own);
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('rejects with the signal reason within one interval of an abort, and wakes on a change event', async () => {
    const c = new AbortController();
    const t = Date.now();
    setTimeout(() => c.abort(new Error('interrupted')), 20);
    await expect(
      waitFor(() => ({ done: false, waiting: 'x' }), { what: 'w', timeoutMs: 10_000, intervalMs: 5000, signal: c.signal }),
    ).rejects.toThrow('interrupted');
    expect(Date.now() - t).toBeLessThan(1000);
    const wake = new EventEmitter();
    let ready = false;
    setTimeout(() => {
      ready = true;
      wake.emit('change');
    }, 20);
    const t2 = Date.now();
    await waitFor(() => ({ done: ready }), { what: 'w', timeoutMs: 10_000, intervalMs: 5000, wake });
    expect(Date.now() - t2).toBeLessThan(1000);
    await expect(sleep(10_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
