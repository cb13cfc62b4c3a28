import type { EventEmitter } from 'node:events';
import { ZerodropError } from '../errors/index.ts';

/**
 * One look at what a wait waits for: `done` ends it; otherwise `waiting` says what is still
 * missing (shown in the timeout error) and `failed` ends the wait at once (waiting longer cannot
 * help: a crash-looping pod, a progress deadline): a string becomes a ZerodropError naming the wait.
 */
export interface WaitCheck {
  done: boolean;
  waiting?: string;
  failed?: string | Error;
}

export interface WaitOptions {
  /** What is awaited, for the errors ("rollout of deployment ns/web"). */
  what: string;
  timeoutMs: number;
  /** Look again at least this often (default 250 ms). */
  intervalMs?: number;
  /** Aborting ends the wait at once with the signal's reason. */
  signal?: AbortSignal;
  /** Also look again at once on each 'change' this emitter fires. */
  wake?: EventEmitter;
  /** Extra text for the timeout error (e.g. the stuck pods and why). */
  explain?: () => string | Promise<string>;
}

/**
 * The one wait primitive: looks at `check` until it is done, fails, the timeout passes (a
 * one-line ZerodropError naming what was awaited, what was still missing, and `explain()`), or
 * the signal aborts.
 */
export async function waitFor(check: () => WaitCheck | Promise<WaitCheck>, o: WaitOptions): Promise<void> {
  const end = Date.now() + o.timeoutMs;
  let last: WaitCheck = { done: false, waiting: 'not checked yet' };
  for (;;) {
    o.signal?.throwIfAborted();
    last = await check();
    if (last.done) return;
    if (last.failed !== undefined) throw typeof last.failed === 'string' ? new ZerodropError(`${o.what}: ${last.failed}`) : last.failed;
    const left = end - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(o.intervalMs ?? 250, left), o.signal, o.wake);
  }
  const extra = o.explain
    ? await Promise.resolve()
        .then(o.explain)
        .catch(() => '')
    : '';
  throw new ZerodropError(
    `${o.what}: still ${last.waiting ?? 'not done'} after ${Math.round(o.timeoutMs / 1000)} s${extra ? `; ${extra}` : ''}`,
  );
}

/** Sleeps `ms`; rejects with the signal's reason as soon as it aborts; ends early on `wake`'s next 'change'. */
export function sleep(ms: number, signal?: AbortSignal, wake?: EventEmitter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = (err?: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      wake?.off('change', onWake);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = () => done(signal?.reason ?? new Error('aborted'));
    const onWake = () => done();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    wake?.on('change', onWake);
  });
}
