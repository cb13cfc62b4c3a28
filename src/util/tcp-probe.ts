import { connect } from 'node:net';

/** What one TCP connect met: `connected`, `timeout`, or the socket error's code (ECONNREFUSED, ...). */
export type ConnectOutcome = 'connected' | 'timeout' | string;

/**
 * The one TCP probe: a single connect to host:port, closed at once; resolves with what it met
 * (never rejects). An abort ends it as `aborted`.
 */
export function connectOnce(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, signal });
    const done = (outcome: ConnectOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(signal?.aborted ? 'aborted' : (err.code ?? err.message)));
  });
}

/** connected or refused: something at that address answered; anything else: not reachable. */
export type Reach = { ok: true; outcome: 'connected' | 'refused' } | { ok: false; outcome: string };
export type ReachProbe = (host: string, port: number) => Promise<Reach>;

/** One TCP connect from this host; ECONNREFUSED counts as reachable (the peer said no). */
export async function probeReach(host: string, port: number, timeoutMs = 2000): Promise<Reach> {
  const outcome = await connectOnce(host, port, timeoutMs);
  if (outcome === 'connected') return { ok: true, outcome };
  if (outcome === 'ECONNREFUSED') return { ok: true, outcome: 'refused' };
  return { ok: false, outcome: outcome === 'timeout' ? `no answer within ${timeoutMs} ms` : outcome };
}
