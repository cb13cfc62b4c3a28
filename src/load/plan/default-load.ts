import type { StreamName } from '../types.ts';
import type { LoadSettings } from './load-settings.ts';

/**
 * Load settings used when scenario.yaml (or a bring-your-own manifest) says nothing: 100
 * requests/s, half on kept-alive connections and half on a new connection each, as many
 * connections as rate x timeout needs.
 */
export const DEFAULT_LOAD: Readonly<LoadSettings> = Object.freeze({
  rate: 100,
  streams: ['keep-alive', 'new-connection'] as StreamName[],
  keepAlivePercent: 50,
  maxConnections: 0,
  timeoutMs: 2000,
  reconnectEvery: 0,
  baselineSeconds: 3,
  recoverySeconds: 3,
  path: '/',
});
