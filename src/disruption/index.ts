/** The public face of disruption/: everything other modules use from it. */
export type { DisruptionResult } from './disruption.ts';
export { createDisruption } from './registry.ts';
