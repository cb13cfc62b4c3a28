import { availableParallelism } from 'node:os';

/**
 * Scenarios side by side on the embedded runtime when --parallel is not given: as many as the
 * machine can carry (each is a few pod processes plus a load generator on this host), at least 4,
 * never more than there are scenarios.
 */
export function localParallelism(scenarios: number, cpus = availableParallelism()): number {
  return Math.max(1, Math.min(scenarios, Math.max(4, 2 * cpus)));
}
