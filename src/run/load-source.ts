import type { LoadFrom } from '../load/index.ts';
import { waitServing } from '../load/index.ts';
import { startClusterLoad } from './cluster-load.ts';
import type { LoadSourceInput } from './load-source-input.ts';
import { type MeasuredLoad, startMeasuredLoad } from './measured-load.ts';

/**
 * Where a scenario iteration's load comes from. Both start once the Service serves, return the
 * same MeasuredLoad (phases, live counts, stop) and leave one request log in the same format;
 * the run does not know which one it drives.
 */
export interface LoadSource {
  start(i: LoadSourceInput): Promise<MeasuredLoad>;
}

/** This machine, through the Service's NodePort (the workload's target). */
export const hostLoad: LoadSource = {
  async start(i) {
    await waitServing(i.workload.target, i.load.settings.path, {
      timeoutMs: i.timeoutMs,
      requestTimeoutMs: i.load.timeoutMs,
      signal: i.signal,
    });
    return startMeasuredLoad({ ...i.workload.target, path: i.load.settings.path }, i.load, i.requestsFile, i.timeline, i.bins);
  },
};

/** Load pods inside the cluster, one per node where possible (cluster-load.ts). */
export const clusterLoad: LoadSource = { start: startClusterLoad };

export function loadSource(from: LoadFrom = 'host'): LoadSource {
  return from === 'cluster' ? clusterLoad : hostLoad;
}
