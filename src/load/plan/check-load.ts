import { ZerodropError } from '../../errors/index.ts';
import { POOL_ORDERS } from '../types.ts';
import { LOAD_LIMITS, MIN_STREAM_RATE, pathProblem } from './load-limits.ts';
import type { LoadSettings } from './load-settings.ts';

/** Where a load setting came from, for the error: a flag (`--rate`) or a file and field (`load.rate`). */
export type LoadSource = (field: keyof LoadSettings) => { file?: string; field: string };

/**
 * Checks the load settings a scenario will run with (scenario.yaml merged with the CLI flags):
 * every number finite and in its range, the path a valid request target, and every stream that
 * runs at least 1 request/s. Throws one ZerodropError naming the file or flag and the field.
 */
export function checkLoad(load: LoadSettings, source: LoadSource): void {
  const fail = (field: keyof LoadSettings, message: string) => new ZerodropError(message, source(field));
  for (const [field, r] of Object.entries(LOAD_LIMITS) as [keyof typeof LOAD_LIMITS, { min: number; max: number }][]) {
    const v = load[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < r.min || v > r.max) {
      throw fail(field, `must be a number between ${r.min} and ${r.max}, got ${JSON.stringify(v) ?? String(v)}`);
    }
    if (field !== 'rate' && field !== 'keepAlivePercent' && !field.endsWith('Seconds') && !Number.isInteger(v)) {
      throw fail(field, `must be an integer, got ${v}`);
    }
  }
  if (!(POOL_ORDERS as readonly unknown[]).includes(load.poolOrder))
    throw fail('poolOrder', `must be one of ${POOL_ORDERS.join(', ')}, got ${JSON.stringify(load.poolOrder) ?? String(load.poolOrder)}`);
  const path = pathProblem(load.path);
  if (path !== undefined) throw fail('path', path);
  if (!Array.isArray(load.streams) || load.streams.length === 0) throw fail('streams', 'must name at least one stream');
  const both = load.streams.includes('keep-alive') && load.streams.includes('new-connection');
  const rates = load.streams.map((name) => {
    const share = !both ? 1 : name === 'keep-alive' ? load.keepAlivePercent / 100 : 1 - load.keepAlivePercent / 100;
    return { name, rate: load.rate * share };
  });
  if (rates.every((s) => s.rate === 0)) throw fail('keepAlivePercent', `leaves no stream any rate (streams ${load.streams.join(', ')})`);
  for (const s of rates) {
    if (s.rate > 0 && s.rate < MIN_STREAM_RATE) {
      const split = both ? ` (${load.keepAlivePercent} % keep-alive)` : '';
      throw fail(
        'rate',
        `${load.rate} requests/s gives the ${s.name} stream ${Math.round(s.rate * 1000) / 1000} requests/s${split}; each stream needs at least ${MIN_STREAM_RATE}`,
      );
    }
  }
}
