import { scaleIntOrPercent } from '../../k8s/index.ts';
import { fieldEvidence, type Rule } from './rule.ts';

/**
 * Node drains:
 * - `no-pdb` (warning): no PodDisruptionBudget, so a drain may evict every replica at once;
 * - `pdb-blocks-eviction` (warning): the budget allows no disruption even with every pod healthy
 *   (minAvailable >= replicas, maxUnavailable 0), so a drain never finishes on its own.
 */
export const disruptionBudget: Rule = (t) => {
  const pdb = t.manifests.pdb;
  const replicas = t.deployment.spec.replicas ?? 1;
  if (!pdb) {
    return [
      {
        id: 'no-pdb',
        severity: 'warning',
        title: `no PodDisruptionBudget selects the pods of Deployment ${t.deployment.metadata.name}`,
        evidence: [
          fieldEvidence(t, 'metadata.name', `Deployment/${t.deployment.metadata.name}: no PodDisruptionBudget in ${t.manifestFile}`),
        ],
        fix: `add a PodDisruptionBudget with minAvailable: ${Math.max(1, replicas - 1)} selecting the pod labels (and run at least 2 replicas)`,
        mechanism:
          'Without a budget the eviction API accepts every eviction, so draining the nodes that hold the replicas can remove all of them before any replacement is Ready.',
      },
    ];
  }
  const file = t.manifestFile;
  const healthy =
    pdb.spec.minAvailable !== undefined
      ? scaleIntOrPercent(pdb.spec.minAvailable, replicas, true, 'spec.minAvailable', file)
      : replicas - scaleIntOrPercent(pdb.spec.maxUnavailable ?? 0, replicas, true, 'spec.maxUnavailable', file);
  if (healthy < replicas) return [];
  const field = pdb.spec.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
  return [
    {
      id: 'pdb-blocks-eviction',
      severity: 'warning',
      title: `PodDisruptionBudget ${pdb.metadata.name} allows no eviction with ${replicas} replica${replicas === 1 ? '' : 's'} (${field}: ${pdb.spec[field] ?? 0})`,
      evidence: [fieldEvidence(t, `spec.${field}`, undefined, pdb)],
      fix: `allow one disruption: minAvailable: ${Math.max(1, replicas - 1)} with ${Math.max(2, replicas)} replicas, or maxUnavailable: 1`,
      mechanism:
        'An eviction is allowed only while more pods are healthy than the budget requires, so every eviction is refused with 429 and a drain hangs until someone deletes the pods by hand, without waiting for replacements.',
    },
  ];
};
