import { setTimeout as sleep } from 'node:timers/promises';
import { ZerodropError } from '../../errors/zerodrop-error.ts';
import type { Check } from './rollout-status.ts';

export interface PollOptions {
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Extra text for the timeout error (e.g. the stuck pods and their reasons). */
  explain?: () => Promise<string>;
}

/**
 * Polls `check` until done; throws a one-line ZerodropError on failure or timeout, naming what was
 * awaited, the last reason it was not done, and `explain()`.
 */
export async function pollUntil(check: () => Promise<Check>, o: PollOptions): Promise<void> {
  const end = Date.now() + o.timeoutMs;
  let last: Check = { done: false, waiting: 'not checked yet' };
  for (;;) {
    o.signal?.throwIfAborted();
    last = await check();
    if (last.done) return;
    if (last.failed || Date.now() >= end) break;
    await sleep(Math.min(o.intervalMs ?? 250, Math.max(0, end - Date.now())), undefined, { signal: o.signal });
  }
  const extra = (await o.explain?.().catch(() => '')) ?? '';
  const why = last.failed ?? `still ${last.waiting} after ${Math.round(o.timeoutMs / 1000)} s`;
  throw new ZerodropError(`${o.what}: ${why}${extra ? `; stuck pods: ${extra}` : ''}`);
}
