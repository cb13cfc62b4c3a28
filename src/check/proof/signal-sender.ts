import type { ProofContainer } from './start-proof-container.ts';

/**
 * How a signal goes to PID 1: when the engine runs on this host, kill(2) from the host to its pid
 * (what runc does for `docker kill`, from the same ancestor PID namespace, so PID 1 without a
 * handler drops TERM alike, but with no delay); else, or when that is not allowed, the engine's kill.
 */
export function signalSender(c: ProofContainer, pid1: number | undefined): (sig: 'SIGTERM' | 'SIGKILL') => Promise<'host' | 'engine'> {
  return async (sig) => {
    try {
      if (pid1 === undefined) throw new Error('no local PID 1');
      process.kill(pid1, sig);
      return 'host';
    } catch {
      await c.signal(sig);
      return 'engine';
    }
  };
}
