import { probeReach, waitFor } from '../../util/index.ts';

export interface ListenerWatch {
  /**
   * Ends the watch; resolves to when a new connect was first refused (ms since the epoch), if one
   * was, and whether `alive()` said the process still ran right then.
   */
  stop(): Promise<{ refusedAt?: number; aliveThen?: boolean }>;
}

/**
 * Opens a new TCP connection to `addr` every few ms (closing each at once) until one is refused:
 * when a draining server stops listening. Only meaningful on the container's own address (a port
 * mapping's docker-proxy accepts every connect).
 */
export function watchListener(addr: { host: string; port: number }, alive?: () => boolean): ListenerWatch {
  const stopper = new AbortController();
  const seen: { refusedAt?: number; aliveThen?: boolean } = {};
  const watching = waitFor(
    async () => {
      const r = await probeReach(addr.host, addr.port, 200);
      if (r.outcome === 'refused') Object.assign(seen, { refusedAt: Date.now(), aliveThen: alive?.() });
      return { done: seen.refusedAt !== undefined, waiting: 'a refused connect' };
    },
    { what: 'listener close', timeoutMs: 3_600_000, intervalMs: 2, signal: stopper.signal },
  ).catch(() => undefined);
  return {
    stop: async () => {
      stopper.abort();
      await watching;
      return seen;
    },
  };
}
