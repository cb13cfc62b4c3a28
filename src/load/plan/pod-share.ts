import type { DriverPlan, StreamPlan } from '../types.ts';
import { defaultMaxConnections } from './connection-limit.ts';
import type { LoadPlan } from './load-plan.ts';

/** One pod's share of the schedule: every stream's rate divided by `count` (to 0.001 req/s). */
export function shareOf(streams: readonly StreamPlan[], count: number): StreamPlan[] {
  return streams.map((s) => ({ name: s.name, rate: Math.round((s.rate / count) * 1000) / 1000 }));
}

/**
 * What each of `count` load pods runs: its share of every stream's rate, and its share of
 * maxConnections (rounded up) or, when the settings leave it 0, enough for its own rate x timeout.
 */
export function sharePlan(plan: LoadPlan, count: number): DriverPlan {
  const streams = shareOf(plan.streams, count);
  const rate = streams.reduce((n, s) => n + s.rate, 0);
  const max = plan.settings.maxConnections;
  return {
    streams,
    maxConnections: max > 0 ? Math.ceil(max / count) : defaultMaxConnections(rate, plan.timeoutMs),
    timeoutMs: plan.timeoutMs,
    reconnectEvery: plan.reconnectEvery,
    pool: plan.pool,
  };
}
