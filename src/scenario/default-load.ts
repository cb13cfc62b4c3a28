import type { LoadSettings } from './types.ts';

/**
 * Load settings used when scenario.yaml (or a bring-your-own manifest) says nothing.
 * Six keep-alive connections kept busy by a 50 ms app: the per-connection rate (~17/s) is close
 * to 1000/LATENCY_MS, so every connection has a request in flight most of the time.
 */
export const DEFAULT_LOAD: Readonly<LoadSettings> = Object.freeze({
  rate: 100,
  connections: 6,
  timeoutMs: 2000,
  reconnectEvery: 0,
  baselineSeconds: 3,
  recoverySeconds: 3,
  path: '/',
});
