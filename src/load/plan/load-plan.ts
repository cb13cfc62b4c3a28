import type { DriverPlan } from '../types.ts';
import { checkLoad } from './check-load.ts';
import { defaultMaxConnections } from './connection-limit.ts';
import { LOAD_FLAGS } from './load-limits.ts';
import type { LoadSettings } from './load-settings.ts';
import { planStreams } from './stream-plan.ts';

/**
 * A scenario's load, resolved once (resolveLoadPlan) and handed to whatever drives it: the
 * effective settings, and what the host's load driver runs (every stream's rate, the connection
 * limit with its default filled in). Load pods each run a share of it (sharePlan).
 */
export interface LoadPlan extends DriverPlan {
  /** The effective settings, checked: scenario.yaml's load with the CLI flags on top (maxConnections 0 = the default). */
  readonly settings: Readonly<LoadSettings>;
}

/** Where the settings came from, so that a bad value is named where the user set it. */
export interface LoadOrigin {
  /** The scenario file the settings were read from, as shown to the user. */
  file?: string;
  /** Values from CLI flags (undefined: not given); they override the file's, and a bad one is named by its flag. */
  overrides?: Partial<LoadSettings>;
}

/**
 * The load plan for `base` (scenario.yaml's settings, its defaults filled in) with the flags in
 * `origin.overrides` on top: every value checked against LOAD_LIMITS (a ZerodropError naming the
 * flag when a flag set it, else the file and field), the rate split over the streams and the
 * connection limit resolved (maxConnections, or enough for rate x timeout when 0).
 */
export function resolveLoadPlan(base: LoadSettings, origin: LoadOrigin = {}): LoadPlan {
  const overrides = origin.overrides ?? {};
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const settings: LoadSettings = { ...base, ...given };
  checkLoad(settings, (field) => {
    const flag = LOAD_FLAGS[field];
    if (overrides[field] !== undefined && flag !== undefined) return { field: flag };
    return origin.file === undefined ? { field: `load.${field}` } : { file: origin.file, field: `load.${field}` };
  });
  return {
    settings,
    streams: planStreams(settings.rate, settings.streams, settings.keepAlivePercent),
    maxConnections: settings.maxConnections || defaultMaxConnections(settings.rate, settings.timeoutMs),
    timeoutMs: settings.timeoutMs,
    reconnectEvery: settings.reconnectEvery,
    pool: { order: settings.poolOrder, idleCloseMs: settings.idleCloseMs },
  };
}
