import { ZerodropError } from '../errors/zerodrop-error.ts';
import { runAutocannon } from './autocannon-client.ts';
import { ClientTracker } from './client-tracker.ts';
import type { LoadOptions, LoadRun } from './types.ts';

/** Longest run autocannon is asked for; stop() ends it long before (setTimeout caps near 24.8 days). */
const DURATION_S = 1_000_000;

function check(opts: LoadOptions): void {
  const bad = (field: string, why: string) => new ZerodropError(`load ${field} ${why}`, { field: `load.${field}` });
  if (!Number.isFinite(opts.rate) || opts.rate < 1) throw bad('rate', `must be at least 1 request/s, got ${opts.rate}`);
  if (!Number.isInteger(opts.connections) || opts.connections < 1) throw bad('connections', `must be a positive integer, got ${opts.connections}`);
  if (!(opts.timeoutMs > 0)) throw bad('timeoutMs', `must be positive, got ${opts.timeoutMs}`);
  if (!Number.isInteger(opts.reconnectEvery) || opts.reconnectEvery < 0) throw bad('reconnectEvery', `must be 0 or a positive integer, got ${opts.reconnectEvery}`);
}

/**
 * Starts constant-rate HTTP load on autocannon 9 (`overallRate` split over the connections,
 * each client pacing its share evenly over the second, the clients one overall gap apart, so
 * requests start about every 1000/rate ms) and reports every request once through `onRecord`. See client-tracker.ts for how
 * requests are recorded and which autocannon defects are worked around.
 * stop() sends no new request, waits for those in flight (at most timeoutMs), closes every
 * connection and resolves after the last record.
 */
export function startLoad(opts: LoadOptions): LoadRun {
  check(opts);
  const connections = Math.min(opts.connections, Math.floor(opts.rate)); // autocannon caps it the same way
  const trackers: ClientTracker[] = [];
  let conn = 0;
  let failure: unknown;
  const host = opts.target.host.includes(':') ? `[${opts.target.host}]` : opts.target.host;
  const instance = runAutocannon({
    url: `http://${host}:${opts.target.port}${opts.target.path.startsWith('/') ? '' : '/'}${opts.target.path}`,
    connections,
    overallRate: Math.floor(opts.rate),
    duration: DURATION_S,
    timeout: Math.max(1, Math.ceil(opts.timeoutMs / 1000)), // unused: the tracker times requests itself
    sampleInt: 100, // autocannon notices stop() on its next sample tick
    pipelining: 1,
    setupClient: (client) => {
      trackers.push(new ClientTracker(client, {
        offsetMs: (trackers.length * 1000) / Math.floor(opts.rate), // one overall gap apart
        timeoutMs: opts.timeoutMs,
        reconnectEvery: opts.reconnectEvery,
        nextConn: () => ++conn,
        onRecord: opts.onRecord,
      }));
    },
  });
  const finished = new Promise<void>((resolve) => {
    instance.then(() => resolve(), (err: unknown) => { failure = err; resolve(); });
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        await Promise.all(trackers.map((t) => t.stop()));
        instance.stop();
        await finished;
        if (failure) throw new ZerodropError(`load generator failed: ${(failure as Error).message ?? String(failure)}`, { cause: failure });
      })();
      return stopping;
    },
  };
}
