import type { PodDisruptionBudget } from '../../../../k8s/index.ts';
import { scaleIntOrPercent } from '../../../../k8s/index.ts';
import type { EvictionResult } from '../../../provider.ts';
import type { PodRecord } from './pod-store.ts';

export const PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

export interface BudgetState {
  /** Matching pods that are Ready and not being deleted. */
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/**
 * The disruption controller's arithmetic. `expectedCount` is the scale of the owning controller
 * (the Deployment's replicas). minAvailable as an integer is taken as is; percentages are of
 * expectedCount rounded up; maxUnavailable gives desiredHealthy = expectedCount - maxUnavailable.
 */
export function budgetState(pdb: PodDisruptionBudget, pods: readonly PodRecord[], expectedCount: number, file?: string): BudgetState {
  const selected = pods.filter((p) => matches(pdb.spec.selector.matchLabels, p.labels));
  const currentHealthy = selected.filter((p) => p.ready && !p.deletionTimestamp && !p.failed).length;
  let desiredHealthy: number;
  if (pdb.spec.minAvailable !== undefined) {
    desiredHealthy = scaleIntOrPercent(pdb.spec.minAvailable, expectedCount, true, 'spec.minAvailable', file);
  } else if (pdb.spec.maxUnavailable !== undefined) {
    desiredHealthy = Math.max(
      0,
      expectedCount - scaleIntOrPercent(pdb.spec.maxUnavailable, expectedCount, true, 'spec.maxUnavailable', file),
    );
  } else {
    desiredHealthy = 0;
  }
  return { currentHealthy, desiredHealthy, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) };
}

/**
 * policy/v1 Eviction: may this pod be deleted now? A pod already being deleted, still Pending or
 * failed needs no budget; a Ready pod needs disruptionsAllowed > 0; a pod that is not Ready may go
 * while the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget, the default).
 */
export function evictionDecision(
  pdb: PodDisruptionBudget | undefined,
  pods: readonly PodRecord[],
  target: PodRecord,
  expectedCount: number,
  file?: string,
): EvictionResult {
  if (!pdb || target.deletionTimestamp || !target.node || target.failed) return { ok: true };
  if (!matches(pdb.spec.selector.matchLabels, target.labels)) return { ok: true };
  const s = budgetState(pdb, pods, expectedCount, file);
  const healthy = target.ready;
  if (healthy ? s.disruptionsAllowed > 0 : s.currentHealthy >= s.desiredHealthy) return { ok: true };
  return {
    ok: false,
    status: 429,
    reason: `${PDB_VIOLATION} The disruption budget ${pdb.metadata.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy}`,
  };
}
