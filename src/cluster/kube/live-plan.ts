import type { AppSpec, DisruptionKind } from '../../k8s/index.ts';
import { RESTARTED_AT } from './kube-workload.ts';
import { SCALED_FROM_ANNOTATION } from './live-workload.ts';
import { DRAINABLE_LABEL } from './node-filter.ts';

export interface LivePlanInput {
  context: string;
  server: string;
  version: string;
  scenario: AppSpec;
  disruptions: readonly DisruptionKind[];
  /** Where load would go: from this host to a NodePort, or the load pods' lines. */
  load: string[];
  drainable: string[];
}

/** --dry-run of `--target deployment/NAME`: what the run would read, watch, change and restore, one line each (nothing changes). */
export function livePlan(p: LivePlanInput): string[] {
  const { ref } = p.scenario.live!;
  const m = p.scenario.manifests;
  const dep = `deployment ${ref.namespace}/${ref.name}`;
  const replicas = m.deployment.spec.replicas ?? 1;
  const lines = [
    `use context ${p.context} (${p.server}, Kubernetes ${p.version})`,
    `read ${dep} (${replicas} replicas), Service ${m.service.metadata.name}${m.pdb ? `, PodDisruptionBudget ${m.pdb.metadata.name}` : ', no PodDisruptionBudget'}: deploy nothing of the app`,
    `watch pods and EndpointSlices of Service ${m.service.metadata.name} in ${ref.namespace}`,
    ...p.load,
  ];
  for (const d of p.disruptions) {
    if (d === 'rollout')
      lines.push(`rollout: patch ${dep} pod template annotation ${RESTARTED_AT} (as kubectl rollout restart), wait for the rollout`);
    if (d === 'delete') lines.push(`delete: delete one ready pod of ${dep}, wait for its replacement`);
    if (d === 'scale-down')
      lines.push(
        `scale-down: annotate ${dep} ${SCALED_FROM_ANNOTATION}, scale ${replicas} → ${replicas} − k (--scale-by k, default 1) → ${replicas} replicas through the scale subresource, remove the annotation`,
      );
    if (d === 'drain')
      lines.push(
        p.drainable.length
          ? `drain: cordon one of [${p.drainable.join(', ')}] (labelled ${DRAINABLE_LABEL}=true) that hosts pods of ${dep}, evict those pods via policy/v1 Eviction (retrying on 429), uncordon it`
          : `drain: would fail, no node is labelled ${DRAINABLE_LABEL}=true`,
      );
  }
  lines.push(
    `afterwards, also on Ctrl-C, SIGTERM or failure: restore ${dep}'s replicas and every cordon the run set; delete nothing of the app`,
  );
  return lines;
}
