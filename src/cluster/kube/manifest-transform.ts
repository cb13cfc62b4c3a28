import type { ManifestSet } from '../../k8s/index.ts';
import { hostOwnerMarker } from '../../util/index.ts';

/** Label on every object zerodrop creates, so a run's leftovers can be found. */
export const RUN_LABEL = 'zerodrop.dev/run';
/** Annotation naming the zerodrop process that owns an object (`<host>/<pid>:<start>`); `zerodrop cleanup` removes it once that process is dead. */
export const OWNER_ANNOTATION = 'zerodrop.dev/owner';
/** Annotation on a node zerodrop cordoned, naming the owner as OWNER_ANNOTATION does; removed on uncordon. */
export const CORDONED_BY_ANNOTATION = 'zerodrop.dev/cordoned-by';

export interface TransformOptions {
  namespace: string;
  /** Run id, stored as the `zerodrop.dev/run` label on the namespace. */
  run: string;
  /** Manifest image name -> image to run instead (built and loaded, or --image). */
  images: Record<string, string>;
  /** Fixed NodePort (kind: the port kind-config.yaml maps to the host); undefined = let the API server pick. */
  nodePort?: number;
  /** imagePullPolicy for substituted images (kind-loaded images must not be pulled). */
  pullPolicy?: 'IfNotPresent' | 'Never' | 'Always';
  /**
   * Prefer putting the Deployment's pods on one node (soft pod affinity on the hostname), so that
   * a drain evicts them all and a PodDisruptionBudget gets to answer 429. Replacements still go
   * elsewhere once that node is cordoned.
   */
  colocate?: boolean;
}

/** Soft pod affinity of a pod template to pods with the same labels, per node. */
export function colocateAffinity(matchLabels: Record<string, string>): Record<string, unknown> {
  return {
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { labelSelector: { matchLabels }, topologyKey: 'kubernetes.io/hostname' },
        },
      ],
    },
  };
}

/** A plain API object ready for server-side apply. */
export interface ApplyObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** DNS-1123 label from arbitrary text: lower case, [a-z0-9-], at most 63 characters. */
export function dnsLabel(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return s.slice(0, 63).replace(/-$/, '') || 'x';
}

/** `zerodrop-<run>-<scenario>` as a valid namespace name. */
export function runNamespace(run: string, scenario: string): string {
  return dnsLabel(`zerodrop-${run}-${scenario}`);
}

/** Pod Security Admission's `restricted` profile, enforced on a namespace (the load pods' own for a live target). */
export const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
};

/** A namespace of this run: labelled as zerodrop's, its owner annotated (so `zerodrop cleanup` finds it after a crash). */
export function namespaceObject(name: string, run: string, o: { restricted?: boolean } = {}): ApplyObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { [RUN_LABEL]: dnsLabel(run), 'app.kubernetes.io/managed-by': 'zerodrop', ...(o.restricted ? RESTRICTED_LABELS : {}) },
      annotations: { [OWNER_ANNOTATION]: hostOwnerMarker() },
    },
  };
}

/**
 * The objects one deploy applies, in order: Namespace, Deployment, Service, PodDisruptionBudget.
 * Every namespaced object is moved into `namespace`; container images are substituted; the Service
 * becomes type NodePort on its first port (with `nodePort` when given). The input is not modified.
 */
export function transformManifests(set: ManifestSet, o: TransformOptions): ApplyObject[] {
  const ns = namespaceObject(o.namespace, o.run);
  const clone = <T>(x: T): T => structuredClone(x);
  const inNs = <T extends { metadata: object }>(obj: T): T => ({ ...obj, metadata: { ...obj.metadata, namespace: o.namespace } });

  const dep = inNs(clone(set.deployment));
  for (const c of dep.spec.template.spec.containers) {
    const image = o.images[c.image];
    if (image !== undefined) {
      c.image = image;
      if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
    }
  }

  if (o.colocate) {
    const spec = dep.spec.template.spec as typeof dep.spec.template.spec & { affinity?: Record<string, unknown> };
    spec.affinity = { ...(spec.affinity ?? {}), ...colocateAffinity(dep.spec.selector.matchLabels) };
  }

  const svc = inNs(clone(set.service));
  svc.spec.type = 'NodePort';
  svc.spec.ports = svc.spec.ports.map((p, i) => {
    const q = { ...p };
    if (i === 0 && o.nodePort !== undefined) q.nodePort = o.nodePort;
    else if (o.nodePort !== undefined) delete q.nodePort; // only one port can own the mapped NodePort
    return q;
  });

  const out: ApplyObject[] = [ns, dep as unknown as ApplyObject, svc as unknown as ApplyObject];
  if (set.pdb) out.push(inNs(clone(set.pdb)) as unknown as ApplyObject);
  return out;
}

/** One line per object, as dry-run and errors show them: `Kind namespace/name`. */
export function describeObject(obj: ApplyObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}
