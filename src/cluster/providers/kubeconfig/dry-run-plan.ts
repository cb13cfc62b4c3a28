import type { AppSpec, DisruptionKind } from '../../../k8s/index.ts';
import { FIELD_MANAGER } from '../../kube/apply-object.ts';
import { RESTARTED_AT } from '../../kube/kube-workload.ts';
import { type ApplyObject, describeObject } from '../../kube/manifest-transform.ts';
import { DRAINABLE_LABEL } from '../../kube/node-filter.ts';

export interface PlanInput {
  context: string;
  server: string;
  version: string;
  scenario: AppSpec;
  disruptions: readonly DisruptionKind[];
  objects: ApplyObject[];
  /** Where load would go, as text (host:port, or how it will be chosen). */
  target: string;
  /** Nodes labelled zerodrop.dev/drainable=true. */
  drainable: string[];
  /** --load-from cluster: the load pods' lines (load-job-dry-run.ts), instead of load from this host. */
  loadPods?: string[];
}

function imagesOf(obj: ApplyObject): string {
  const spec = obj.spec as { template?: { spec?: { containers?: { image: string }[] } } } | undefined;
  const images = spec?.template?.spec?.containers?.map((c) => c.image) ?? [];
  return images.length ? ` (image ${images.join(', ')})` : '';
}

/** The actions a run of one scenario would take, one line each, in order (nothing is changed). */
export function dryRunPlan(p: PlanInput): string[] {
  const [ns, ...rest] = p.objects;
  const name = ns.metadata.name;
  const dep = rest.find((o) => o.kind === 'Deployment');
  const depName = dep ? describeObject(dep).replace(/^Deployment /, '') : '?';
  const lines = [
    `use context ${p.context} (${p.server}, Kubernetes ${p.version})`,
    `server-side apply ${describeObject(ns)} (field manager ${FIELD_MANAGER})`,
    ...rest.map((o) => `server-side apply ${describeObject(o)}${imagesOf(o)}`),
    `watch pods and EndpointSlices in ${name}`,
    `wait until ${depName} has all replicas available`,
    ...(p.loadPods ?? [`send load from this host to ${p.target} (the Service's NodePort)`]),
  ];
  for (const d of p.disruptions) {
    if (d === 'rollout') lines.push(`rollout: patch ${depName} pod template annotation ${RESTARTED_AT}, wait for the rollout to complete`);
    if (d === 'delete') lines.push(`delete: delete one pod of ${depName} in ${name}`);
    if (d === 'scale-down')
      lines.push(
        `scale-down: patch the scale subresource of ${depName} to one replica fewer, wait until settled, patch it back, wait until settled`,
      );
    if (d === 'drain') {
      lines.push(
        p.drainable.length
          ? `drain: cordon one of [${p.drainable.join(', ')}] (labelled ${DRAINABLE_LABEL}=true), evict ${name} pods on it via policy/v1 Eviction (retrying on 429), uncordon it`
          : `drain: would fail, no node is labelled ${DRAINABLE_LABEL}=true`,
      );
    }
  }
  lines.push(`delete namespace ${name} and wait until it is gone${p.loadPods ? ' (the load Job and its pods go with it)' : ''}`);
  return lines;
}
