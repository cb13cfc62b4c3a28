import type { V1Node, V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import type { AppSpec, LiveTargetRequest } from '../../k8s/index.ts';
import type { TimelineSink } from '../../timeline/index.ts';
import type { ClusterProvider, Workload } from '../provider.ts';
import { accessForLive, checkAccess } from './access-review.ts';
import { apiError } from './api-error.ts';
import { applyObject } from './apply-object.ts';
import { attachLive, liveAppSpec } from './attach-live.ts';
import { type KubeClients, probeApiServer } from './kube-clients.ts';
import type { KubeProviderOptions } from './kube-provider-options.ts';
import { KubeTimeline } from './kube-timeline.ts';
import { KubeWorkload } from './kube-workload.ts';
import { labelSelector, readLiveTarget } from './live-target.ts';
import { loadPodsFor, loadPodsNote } from './load-job/load-job-wiring.ts';
import { type ApplyObject, describeObject, runNamespace, transformManifests } from './manifest-transform.ts';

function nodePortOf(svc: V1Service): number {
  return svc.spec?.ports?.[0]?.nodePort ?? 0;
}

/**
 * Shared base of the real-cluster providers (kind, kubeconfig): one namespace per deploy,
 * server-side apply of the scenario's manifests, timeline from pod and EndpointSlice watches,
 * and a KubeWorkload reaching the Service through a NodePort from the host.
 */
export abstract class KubeClusterProvider implements ClusterProvider {
  abstract readonly name: 'kind' | 'kubeconfig';
  readonly emulated = false;
  protected readonly opts: KubeProviderOptions;
  protected clients: KubeClients | undefined;
  protected serverVersion = '';
  readonly run: string;
  private readonly workloads = new Set<KubeWorkload>();
  private readonly deploys = new Map<string, number>();
  /** NodePorts this provider's Services have had: a later scenario never gets one of them. */
  private readonly usedNodePorts = new Set<number>();

  constructor(opts: KubeProviderOptions) {
    this.opts = opts;
    this.run = opts.run ?? Date.now().toString(36);
  }

  /** Loads the kubeconfig, applies the provider's guard, and returns clients (no API call needed). */
  protected abstract connect(signal?: AbortSignal): Promise<KubeClients>;
  /** Manifest image name -> image to run, building and loading images where the provider can. */
  protected abstract prepareImages(scenario: AppSpec, signal?: AbortSignal): Promise<Record<string, string>>;
  /** NodePort to pin the Service to (kind: the mapped one), or undefined. */
  protected abstract fixedNodePort(): number | undefined;
  /** Where the host reaches the applied Service. */
  protected abstract resolveTarget(svc: V1Service, c: KubeClients): Promise<{ host: string; port: number }>;
  /** Reason a node must not be cordoned; undefined = allowed. */
  protected nodeGuard(_node: V1Node): string | undefined {
    return undefined;
  }
  protected pullPolicy(): 'IfNotPresent' | 'Never' | undefined {
    return undefined;
  }
  /** The load agent image for --load-from cluster (zerodrop's own image): --load-image here (kind builds one). */
  protected loadAgentImage(): Promise<string> {
    if (this.opts.loadImage) return Promise.resolve(this.opts.loadImage);
    return Promise.reject(
      new ZerodropError(`the ${this.name} provider builds no load agent image`, {
        field: '--load-image',
        hint: "build zerodrop's image (zerodrop image build), push it to a registry the cluster pulls from and pass --load-image IMAGE",
      }),
    );
  }
  /** Load pods may run on control-plane nodes (kind: one of its three nodes). */
  protected loadOnControlPlane(): boolean {
    return false;
  }

  async up(signal?: AbortSignal): Promise<void> {
    this.clients = await this.connect(signal);
    this.serverVersion = await probeApiServer(this.clients);
  }

  notes(): string[] {
    const c = this.clients;
    const load = this.opts.loadFrom === 'cluster' ? [loadPodsNote(this.opts)] : [];
    return c ? [`real cluster: context ${c.context}, Kubernetes ${this.serverVersion}`, ...load] : load;
  }

  protected mustClients(): KubeClients {
    if (!this.clients) throw new ZerodropError(`${this.name} provider: deploy() called before up()`);
    return this.clients;
  }

  /** The objects a deploy applies, with images substituted (no API call). */
  objectsFor(scenario: AppSpec, images: Record<string, string>, namespace: string): ApplyObject[] {
    return transformManifests(scenario.manifests, {
      namespace,
      run: this.run,
      images,
      nodePort: this.fixedNodePort(),
      pullPolicy: this.pullPolicy(),
      colocate: this.opts.colocate,
    });
  }

  /** Images substituted by --image (every container of the Deployment), else undefined. */
  protected imageOverride(scenario: AppSpec): Record<string, string> | undefined {
    if (!this.opts.image) return undefined;
    const out: Record<string, string> = {};
    for (const c of scenario.manifests.deployment.spec.template.spec.containers) out[c.image] = this.opts.image;
    return out;
  }

  private nextNamespace(scenario: AppSpec): string {
    const n = (this.deploys.get(scenario.name) ?? 0) + 1;
    this.deploys.set(scenario.name, n);
    return runNamespace(this.run, n === 1 ? scenario.name : `${scenario.name}-${n}`);
  }

  /** --target deployment/NAME: the live Deployment with its Service and budget (reads only). */
  async readTarget(req: LiveTargetRequest): Promise<AppSpec> {
    const c = this.mustClients();
    // Before anything is read or changed: every permission the run will use, one line naming what is missing.
    await checkAccess(c, accessForLive(req.ref.namespace, this.opts.disruption, this.opts.loadFrom === 'cluster'));
    return liveAppSpec(await readLiveTarget(c, req.ref, req.service), req);
  }

  async deploy(scenario: AppSpec, timeline: TimelineSink, signal?: AbortSignal): Promise<Workload> {
    const c = this.mustClients();
    signal?.throwIfAborted();
    if (scenario.live) {
      const workload = await attachLive({
        clients: c,
        run: this.run,
        opts: this.opts,
        scenario: { ...scenario, live: scenario.live },
        timeline,
        hostTarget: (svc) => this.resolveTarget(svc, c),
        loadImage: () => this.loadAgentImage(),
        pullPolicy: this.pullPolicy(),
        tolerateControlPlane: this.loadOnControlPlane(),
      });
      this.workloads.add(workload);
      return workload;
    }
    const images = await this.prepareImages(scenario, signal);
    signal?.throwIfAborted();
    const namespace = this.nextNamespace(scenario);
    const m = scenario.manifests;
    const podSelector = labelSelector(m.deployment.spec.selector.matchLabels);
    const kubeTimeline = new KubeTimeline({ clients: c, namespace, podSelector, service: m.service.metadata.name, sink: timeline });
    const objects = this.objectsFor(scenario, images, namespace);
    let workload: KubeWorkload | undefined;
    try {
      await applyObject(c, objects[0]); // the namespace first, then the watches, then the rest
      await kubeTimeline.start().catch((err: unknown) => {
        throw apiError(`watch pods and endpoints in ${namespace}`, err);
      });
      for (const obj of objects.slice(1)) {
        await applyObject(c, obj).catch(async (err: unknown) => {
          throw await this.explainNodePortClash(err);
        });
      }
      const readService = () =>
        c.core.readNamespacedService({ name: m.service.metadata.name, namespace }).catch((err: unknown) => {
          throw apiError(`read ${describeObject(objects[2])}`, err);
        });
      let svc = await readService();
      // An allocated NodePort an earlier scenario had: its leftover rules or conntrack entries could
      // meet this scenario's connections, so the Service is made again until it gets a fresh one.
      for (let i = 0; i < 5 && this.fixedNodePort() === undefined && this.usedNodePorts.has(nodePortOf(svc)); i++) {
        await c.core.deleteNamespacedService({ name: m.service.metadata.name, namespace }).catch((err: unknown) => {
          throw apiError(`delete ${describeObject(objects[2])}`, err);
        });
        await applyObject(c, objects[2]!);
        svc = await readService();
      }
      if (nodePortOf(svc) > 0) this.usedNodePorts.add(nodePortOf(svc));
      const target = await this.resolveTarget(svc, c);
      workload = new KubeWorkload({
        clients: c,
        namespace,
        deployment: m.deployment.metadata.name,
        podSelector,
        target,
        timeline: kubeTimeline,
        nodeGuard: (n) => this.nodeGuard(n),
        removeTimeoutMs: this.opts.removeTimeoutMs,
        startLoadPods:
          this.opts.loadFrom === 'cluster'
            ? loadPodsFor({
                clients: c,
                namespace,
                run: this.run,
                service: svc,
                opts: this.opts,
                image: () => this.loadAgentImage(),
                pullPolicy: this.pullPolicy(),
                tolerateControlPlane: this.loadOnControlPlane(),
              })
            : undefined,
      });
      this.workloads.add(workload);
      return workload;
    } catch (err) {
      kubeTimeline.stop();
      const cleanup =
        workload ??
        new KubeWorkload({ clients: c, namespace, deployment: '', podSelector, target: { host: '', port: 0 }, timeline: kubeTimeline });
      await cleanup.remove().catch(() => undefined);
      throw err;
    }
  }

  /** A pinned NodePort already allocated: names the Service holding it (often another run). */
  private async explainNodePortClash(err: unknown): Promise<unknown> {
    const port = this.fixedNodePort();
    if (port === undefined || !String((err as Error)?.message).includes('provided port is already allocated')) return err;
    const c = this.mustClients();
    const all = await c.core.listServiceForAllNamespaces({}).catch(() => undefined);
    const owner = all?.items.find((s) => s.spec?.ports?.some((p) => p.nodePort === port));
    const who = owner ? `Service ${owner.metadata?.namespace}/${owner.metadata?.name}` : 'another Service';
    return new ZerodropError(`NodePort ${port} (the one mapped to the host) is taken by ${who}`, {
      hint: owner?.metadata?.namespace?.startsWith('zerodrop-')
        ? 'another zerodrop run is using the cluster; wait for it to end'
        : `free NodePort ${port}`,
      cause: err,
    });
  }

  /** Removes every namespace this provider created and has not removed yet. Safe to call twice. */
  async down(): Promise<void> {
    const all = [...this.workloads];
    this.workloads.clear();
    const results = await Promise.allSettled(all.map((w) => w.remove()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}
