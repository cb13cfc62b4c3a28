import type { V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import type { AppSpec, Deployment, LiveTargetRequest, ManifestSet, PodDisruptionBudget } from '../../k8s/index.ts';
import type { TimelineSink } from '../../timeline/index.ts';
import { apiError } from './api-error.ts';
import { applyObject } from './apply-object.ts';
import type { KubeClients } from './kube-clients.ts';
import type { KubeProviderOptions } from './kube-provider-options.ts';
import { KubeTimeline } from './kube-timeline.ts';
import { type LiveTarget, readLiveTarget } from './live-target.ts';
import { LiveWorkload } from './live-workload.ts';
import { loadPodsFor } from './load-job/load-job-wiring.ts';
import { namespaceObject, runNamespace } from './manifest-transform.ts';

/** Only what a scenario reads of an object: no status, no managedFields. */
function spec<T>(
  obj: {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string; labels?: object; annotations?: object };
    spec?: unknown;
  },
  apiVersion: string,
  kind: string,
): T {
  const m = obj.metadata ?? {};
  return {
    apiVersion,
    kind,
    metadata: { name: m.name, namespace: m.namespace, labels: m.labels, annotations: m.annotations },
    spec: obj.spec,
  } as T;
}

/** The live Deployment, the Service measured through and its budget, as an AppSpec (named after the Deployment). */
export function liveAppSpec(t: LiveTarget, req: LiveTargetRequest): AppSpec {
  const where = `deployment/${t.ref.name} in namespace ${t.ref.namespace}`;
  const manifests: ManifestSet = {
    file: where,
    deployment: spec<Deployment>(t.deployment, 'apps/v1', 'Deployment'),
    service: spec<ManifestSet['service']>(t.services[0], 'v1', 'Service'),
    ...(t.budgets[0] ? { pdb: spec<PodDisruptionBudget>(t.budgets[0], 'policy/v1', 'PodDisruptionBudget') } : {}),
  };
  return { name: t.ref.name, dir: '.', file: where, manifests, images: {}, live: req };
}

export interface AttachInput {
  clients: KubeClients;
  run: string;
  opts: KubeProviderOptions;
  scenario: AppSpec & { live: LiveTargetRequest };
  timeline: TimelineSink;
  /** Where the host reaches a Service's NodePort. */
  hostTarget: (svc: V1Service) => Promise<{ host: string; port: number }>;
  loadImage: () => Promise<string>;
  pullPolicy?: 'IfNotPresent' | 'Never';
  tolerateControlPlane: boolean;
}

/**
 * Attaches to a live Deployment: watches its pods and its Service's EndpointSlices in its own
 * namespace, and routes load to the Service (its NodePort from this host, or its ClusterIP from load
 * pods in a namespace of zerodrop's own). Deploys nothing of the app.
 */
export async function attachLive(a: AttachInput): Promise<LiveWorkload> {
  const { clients: c, scenario } = a;
  const { ref, service } = scenario.live;
  const fromCluster = a.opts.loadFrom === 'cluster';
  const target = await readLiveTarget(c, ref, service);
  const svc = target.services[0];
  const svcName = svc.metadata?.name ?? '';
  const nodePort = svc.spec?.ports?.[0]?.nodePort;
  if (!fromCluster && !nodePort) {
    throw new ZerodropError(`service ${ref.namespace}/${svcName} has no NodePort, so this host cannot reach it`, {
      field: '--target',
      hint: 'measure it from inside the cluster: --load-from cluster',
    });
  }
  const timeline = new KubeTimeline({
    clients: c,
    namespace: ref.namespace,
    podSelector: target.podSelector,
    service: svcName,
    sink: a.timeline,
  });
  let loadNamespace: string | undefined;
  try {
    await timeline.start().catch((err: unknown) => {
      throw apiError(`watch pods and endpoints in ${ref.namespace}`, err);
    });
    if (fromCluster) {
      loadNamespace = runNamespace(a.run, `${ref.name}-load`);
      await applyObject(c, namespaceObject(loadNamespace, a.run, { restricted: true }));
    }
    return new LiveWorkload({
      clients: c,
      namespace: ref.namespace,
      deployment: ref.name,
      podSelector: target.podSelector,
      target: fromCluster ? { host: svc.spec?.clusterIP ?? '', port: svc.spec?.ports?.[0]?.port ?? 0 } : await a.hostTarget(svc),
      timeline,
      loadNamespace,
      startLoadPods: loadNamespace
        ? loadPodsFor({
            clients: c,
            namespace: loadNamespace,
            run: a.run,
            service: svc,
            opts: a.opts,
            image: a.loadImage,
            pullPolicy: a.pullPolicy,
            tolerateControlPlane: a.tolerateControlPlane,
          })
        : undefined,
    });
  } catch (err) {
    timeline.stop();
    if (loadNamespace) await c.core.deleteNamespace({ name: loadNamespace }).catch(() => undefined);
    throw err;
  }
}
