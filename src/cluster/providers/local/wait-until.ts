import type { EventEmitter } from 'node:events';
import { ZerodropError } from '../../../errors/zerodrop-error.ts';

/**
 * One check of a wait: `done` true ends it; otherwise `stuck` says what is still missing
 * (named pods and why), `fatal` ends the wait at once with that error.
 */
export type WaitCheck = { done: true } | { done: false; stuck: string; fatal?: Error };

/**
 * Re-evaluates `check` on every 'change' of `source` and every `pollMs`, until it is done.
 * On timeout throws a ZerodropError naming `what` and the stuck pods.
 */
export function waitUntil(source: EventEmitter, check: () => WaitCheck, what: string, timeoutMs: number, pollMs = 50): Promise<void> {
  return new Promise((resolve, reject) => {
    let last: WaitCheck = check();
    const finish = (err?: Error): void => {
      clearInterval(poll);
      clearTimeout(timer);
      source.off('change', evaluate);
      if (err) reject(err);
      else resolve();
    };
    function evaluate(): void {
      last = check();
      if (last.done) finish();
      else if (last.fatal) finish(last.fatal);
    }
    const poll = setInterval(evaluate, pollMs);
    const timer = setTimeout(() => {
      evaluate();
      if (!last.done) finish(new ZerodropError(`${what}: not reached after ${timeoutMs} ms; ${last.stuck}`));
    }, timeoutMs);
    source.on('change', evaluate);
    evaluate();
  });
}
