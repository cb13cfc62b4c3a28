import { ZerodropError } from '../../errors/index.ts';
import type { StreamName, StreamPlan } from '../types.ts';

/**
 * The rate split over the streams: with both, keep-alive gets `keepAlivePercent` of it and
 * new-connection the rest; a stream left with no rate is not run.
 */
export function planStreams(rate: number, streams: readonly StreamName[], keepAlivePercent: number): StreamPlan[] {
  const both = streams.includes('keep-alive') && streams.includes('new-connection');
  const share = (name: StreamName) => (!both ? 1 : name === 'keep-alive' ? keepAlivePercent / 100 : 1 - keepAlivePercent / 100);
  const plans = streams.map((name) => ({ name, rate: Math.round(rate * share(name) * 1000) / 1000 })).filter((p) => p.rate > 0);
  if (!plans.length)
    throw new ZerodropError(`no stream has a rate (rate ${rate}, keep-alive ${keepAlivePercent} %)`, { field: 'load.keepAlivePercent' });
  return plans;
}
