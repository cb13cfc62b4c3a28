import { ZerodropError } from '../errors/index.ts';
import { ConnectionBudget } from './connection-budget.ts';
import { StreamScheduler } from './stream-scheduler.ts';
import { type LoadOptions, type LoadRun, POOL_ORDERS } from './types.ts';

function check(opts: LoadOptions): void {
  const bad = (field: string, why: string) => new ZerodropError(`load ${field} ${why}`, { field: `load.${field}` });
  if (opts.streams.length === 0) throw bad('streams', 'must name at least one stream');
  for (const s of opts.streams) {
    if (!(s.rate > 0)) throw bad('rate', `of stream ${s.name} must be positive, got ${s.rate}`);
  }
  if (!Number.isInteger(opts.maxConnections) || opts.maxConnections < 1)
    throw bad('maxConnections', `must be a positive integer, got ${opts.maxConnections}`);
  if (!(opts.timeoutMs > 0)) throw bad('timeoutMs', `must be positive, got ${opts.timeoutMs}`);
  if (!Number.isInteger(opts.reconnectEvery) || opts.reconnectEvery < 0)
    throw bad('reconnectEvery', `must be 0 or a positive integer, got ${opts.reconnectEvery}`);
  if (!POOL_ORDERS.includes(opts.pool?.order)) throw bad('poolOrder', `must be one of ${POOL_ORDERS.join(', ')}, got ${opts.pool?.order}`);
  if (!(opts.pool.idleCloseMs >= 0)) throw bad('idleCloseMs', `must be 0 or more, got ${opts.pool.idleCloseMs}`);
}

/**
 * Starts open-model HTTP load: each stream (keep-alive, new-connection) sends on its own fixed
 * schedule at its rate, over connections from one budget of `maxConnections`, and every slot
 * is reported once through `onRecord` (answered, failed or dropped). See stream-scheduler.ts
 * and http-connection.ts for how requests are sent and recorded on autocannon's client.
 */
export function startLoad(opts: LoadOptions): LoadRun {
  check(opts);
  const budget = new ConnectionBudget(opts.maxConnections);
  const schedulers = opts.streams.map(
    (plan) =>
      new StreamScheduler({
        plan,
        target: opts.target,
        budget,
        timeoutMs: opts.timeoutMs,
        reconnectEvery: opts.reconnectEvery,
        pool: opts.pool,
        onRecord: opts.onRecord,
        onEvent: opts.onEvent,
      }),
  );
  for (const s of schedulers) s.start();
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= Promise.all(schedulers.map((s) => s.stop())).then(() => undefined);
      return stopping;
    },
    peakConnections: () => budget.peak,
    takeMaxSendLag: () => Math.max(0, ...schedulers.map((s) => s.takeMaxLag())),
  };
}
