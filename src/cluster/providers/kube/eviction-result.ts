import type { EvictionResult } from '../../provider.ts';
import { apiStatus, apiMessage } from './api-error.ts';

/**
 * Maps the outcome of a policy/v1 Eviction to the Workload's result: success, or a 429 answer
 * (a PodDisruptionBudget forbids it now) with the API server's reason. Anything else is rethrown.
 */
export function evictionResult(err: unknown): EvictionResult {
  if (apiStatus(err) === 429) {
    return { ok: false, status: 429, reason: apiMessage(err) || 'Too Many Requests' };
  }
  throw err;
}
