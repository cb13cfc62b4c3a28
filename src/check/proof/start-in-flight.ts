import { sleep } from '../../util/index.ts';
import { describeGet, type GetOutcome, getOnce } from './probe-once.ts';
import type { ProofContainer } from './start-proof-container.ts';

/** What happened to the request to `/` that was in flight when SIGTERM was sent. */
export type InFlight =
  | { kind: 'answered'; status: number }
  | { kind: 'reset'; error: string }
  | { kind: 'unanswered' }
  | { kind: 'none'; why: string };

/**
 * Starts a GET of `/` and resolves `headStartMs` after it went out on an open connection (the app
 * has read it then); `early` when it was answered already.
 */
export async function startInFlight(c: ProofContainer, port: number, timeoutMs: number, headStartMs: number, signal?: AbortSignal) {
  let settled: GetOutcome | undefined;
  let connected = (): void => undefined;
  const up = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const request = getOnce(c, port, '/', timeoutMs, () => connected());
  void request.then((r) => {
    settled = r;
    connected();
  });
  await Promise.race([up, sleep(1000, signal)]);
  await sleep(headStartMs, signal);
  return { request, early: settled };
}

/** What became of it: no request (and why), answered, reset, or no answer at all (`reply` undefined). */
export function inFlight(o: { port?: number; served: boolean }, early: GetOutcome | undefined, reply: GetOutcome | undefined): InFlight {
  if (o.port === undefined) return { kind: 'none', why: 'no container port known' };
  if (!o.served) return { kind: 'none', why: '/ never served' };
  if (early)
    return { kind: 'none', why: 'status' in early ? '/ answered before SIGTERM' : `the request ${describeGet(early)} before SIGTERM` };
  if (!reply) return { kind: 'unanswered' };
  return 'status' in reply ? { kind: 'answered', status: reply.status } : { kind: 'reset', error: reply.error };
}
