import { rollingParams } from '../../k8s/index.ts';
import type { Finding } from '../types.ts';
import { fieldEvidence, type Rule } from './rule.ts';

const RU = 'spec.strategy.rollingUpdate';
/** maxUnavailable taking this share of the replicas or more out at once is worth a warning. */
const CAPACITY_SHARE = 1 / 3;

/**
 * Serving capacity during disruptions:
 * - `single-replica` (error): replicas 1, so a delete or drain leaves nothing serving;
 * - `rollout-drops-capacity`: maxUnavailable (as the Deployment controller scales it) takes a
 *   third of the replicas or more out before replacements are Ready (error when it is all of them).
 */
export const rollout: Rule = (t) => {
  const d = t.deployment;
  const p = rollingParams(d, t.manifestFile);
  const out: Finding[] = [];
  if (p.replicas === 1) {
    out.push({
      id: 'single-replica',
      severity: 'error',
      title: `replicas is 1${d.spec.replicas === undefined ? ' (default)' : ''}: one pod serves everything`,
      evidence: [fieldEvidence(t, 'spec.replicas', `replicas: ${p.replicas}${d.spec.replicas === undefined ? ' (default)' : ''}`)],
      fix: 'run at least 2 replicas (with a PodDisruptionBudget minAvailable 1)',
      mechanism:
        'Deleting or evicting the only pod leaves the Service without an endpoint until its replacement is Ready, so every request in that window is refused.',
    });
  }
  if (p.maxUnavailable === 0 || p.maxUnavailable / p.replicas < CAPACITY_SHARE) return out;
  const all = p.maxUnavailable >= p.replicas;
  const raw = d.spec.strategy?.rollingUpdate;
  const shown = (k: 'maxSurge' | 'maxUnavailable') => `${k}: ${raw?.[k] ?? '25% (default)'}`;
  out.push({
    id: 'rollout-drops-capacity',
    severity: all ? 'error' : 'warning',
    title: `a rollout may take ${p.maxUnavailable} of ${p.replicas} pods out of service at once (${shown('maxUnavailable')}, ${shown('maxSurge')})`,
    evidence: [fieldEvidence(t, `${RU}.maxUnavailable`, shown('maxUnavailable')), fieldEvidence(t, `${RU}.maxSurge`, shown('maxSurge'))],
    fix: 'set maxUnavailable: 0 and maxSurge: 1, so every old pod stays until its replacement is Ready',
    mechanism: all
      ? 'The Deployment controller may stop every old pod before any replacement is Ready, so the Service has no endpoint and requests are refused until a new pod passes readiness.'
      : 'The Deployment controller stops old pods before their replacements are Ready, so the pods left carry the whole load and requests queue, time out or are refused.',
  });
  return out;
};
