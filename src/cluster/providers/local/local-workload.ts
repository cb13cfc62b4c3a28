import { join } from 'node:path';
import { ZerodropError } from '../../../errors/index.ts';
import type { AppSpec } from '../../../k8s/index.ts';
import type { TimelineSink } from '../../../timeline/index.ts';
import { type WaitCheck, waitFor } from '../../../util/index.ts';
import type { EvictionResult, PodInfo, Workload } from '../../provider.ts';
import { DeploymentController, rolloutComplete } from './controller/deployment-controller.ts';
import { evictionDecision } from './controller/disruption-budget.ts';
import { type PodSpawner, PodStore } from './controller/pod-store.ts';
import { checkPodTemplate } from './controller/template-checks.ts';
import type { LoopbackAllocator } from './network/pod-address.ts';
import { LocalPod } from './pod/index.ts';
import { describePods, fatalFailure } from './pod-trouble/describe-pods.ts';
import { PodTroubleWatch } from './pod-trouble/pod-trouble-watch.ts';
import { startSource } from './pod-trouble/start-source.ts';
import type { NodeScheduler } from './scheduler.ts';
import { EndpointsController, type PropagationDelay } from './service/endpoints-controller.ts';
import { IptablesService } from './service/iptables-service.ts';
import { L4Proxy } from './service/l4-proxy.ts';
import type { ServiceDataPath, ServiceMode } from './service/service-data-path.ts';
import { workloadSpec } from './workload-spec.ts';

const SETTLE = 'waiting for the workload to settle';

export interface LocalWorkloadOptions {
  scenario: AppSpec;
  timeline: TimelineSink;
  scheduler: NodeScheduler;
  addresses: LoopbackAllocator;
  /** This workload's scratch directory; each pod gets `<workdir>/<pod>`. */
  workdir: string;
  pid1: boolean;
  delay?: Partial<PropagationDelay>;
  /** Service data path: host iptables (kube-proxy's iptables mode) or the userspace L4 proxy (default). */
  serviceMode?: ServiceMode;
  /** Pod runtime; default: the kubelet's LocalPod. */
  spawner?: PodSpawner;
  /** Called once remove() has finished. */
  onRemoved?: () => void;
}

/**
 * One scenario's Deployment + Service on the embedded runtime: pod store, Deployment controller,
 * endpoints controller and L4 proxy, wired together. Created by LocalProvider.deploy().
 */
export class LocalWorkload implements Workload {
  readonly target: { host: string; port: number };
  private readonly opts: LocalWorkloadOptions;
  private readonly store: PodStore;
  private readonly controller: DeploymentController;
  private readonly endpoints: EndpointsController;
  private readonly proxy: ServiceDataPath;
  private readonly tick: NodeJS.Timeout;
  private readonly trouble: PodTroubleWatch;
  private readonly targetPort: number;
  private syncQueued = false;
  private removed: Promise<void> | undefined;

  static async create(opts: LocalWorkloadOptions): Promise<LocalWorkload> {
    const proxy: ServiceDataPath = opts.serviceMode === 'iptables' ? new IptablesService() : new L4Proxy();
    const target = await proxy.listen();
    try {
      return new LocalWorkload(opts, proxy, target);
    } catch (err) {
      await proxy.close();
      throw err;
    }
  }

  private constructor(opts: LocalWorkloadOptions, proxy: ServiceDataPath, target: { host: string; port: number }) {
    const { scenario, timeline } = opts;
    const m = scenario.manifests;
    const spec = workloadSpec(m);
    checkPodTemplate(m.deployment, m.file);
    this.opts = opts;
    this.targetPort = spec.targetPort;
    this.trouble = new PodTroubleWatch(opts.workdir, (container) => startSource(scenario, container));
    this.proxy = proxy;
    this.target = target;
    const spawner: PodSpawner =
      opts.spawner ??
      ((req) =>
        new LocalPod({
          ...req,
          images: scenario.images,
          timeline: this.trouble.sink(timeline),
          workdir: join(opts.workdir, req.name),
          pid1: opts.pid1,
          manifestFile: m.file,
        }));
    this.store = new PodStore({
      namespace: m.deployment.metadata.namespace ?? 'default',
      spawner,
      scheduler: opts.scheduler,
      addresses: opts.addresses,
      timeline,
      ports: spec.containerPorts,
    });
    this.controller = new DeploymentController(m.deployment, this.store, m.file);
    this.endpoints = new EndpointsController({ selector: spec.selector, targetPort: spec.targetPort, proxy, timeline, delay: opts.delay });
    this.store.on('change', () => this.queueSync());
    // Periodic resync: notices minReadySeconds elapsing and Pending pods a node freed up for.
    this.tick = setInterval(() => this.queueSync(), 100);
    this.sync();
  }

  async pods(): Promise<PodInfo[]> {
    return this.store
      .list()
      .filter((p) => !p.failed)
      .map((p) => ({
        name: p.name,
        node: p.node ?? '',
        ready: p.ready,
        terminating: !!p.deletionTimestamp,
        revision: p.revision,
      }));
  }

  async nodes(): Promise<string[]> {
    return this.opts.scheduler.nodes();
  }

  async restart(): Promise<void> {
    this.controller.restart();
    this.sync();
  }

  /** observedGeneration, updatedReplicas, availableReplicas and no old replicas, as kubectl rollout status. */
  waitRolloutComplete(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return waitFor(() => this.check(rolloutComplete(this.controller.status()), 'rollout'), {
      what: 'rollout',
      timeoutMs,
      signal,
      wake: this.store,
      intervalMs: 50,
    });
  }

  /**
   * `replicas` pods available, none terminating, and every endpoint change already applied to the
   * Service's data path (so load started now only meets ready pods).
   */
  waitSettled(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return waitFor(
      () => {
        const s = this.controller.status();
        const terminating = this.store.list().some((p) => p.deletionTimestamp);
        const steady = s.availableReplicas === s.desired && s.replicas === s.desired && !terminating;
        if (steady) {
          const pods = this.store.list();
          const fatal = this.trouble.fatal(pods, SETTLE, this.targetPort);
          if (fatal) return { done: false, waiting: fatal.message, failed: fatal };
          if (!this.trouble.targetPortChecked(pods, this.targetPort))
            return { done: false, waiting: 'checking that ready pods serve the Service targetPort' };
        }
        // Settled also means the Service's data path has caught up, so load sent now reaches ready pods.
        if (steady && (!this.endpoints.inSync || this.proxy.syncing))
          return { done: false, waiting: 'endpoint changes still propagating to the Service' };
        return this.check(steady, SETTLE);
      },
      { what: SETTLE, timeoutMs, signal, wake: this.store, intervalMs: 50 },
    );
  }

  async desiredReplicas(): Promise<number> {
    return this.controller.params.replicas;
  }

  async scale(replicas: number): Promise<void> {
    this.controller.scale(replicas);
    this.sync();
  }

  async deletePod(name: string): Promise<void> {
    const pod = this.mustGet(name);
    this.store.delete(pod.name, pod.template.spec.terminationGracePeriodSeconds);
  }

  async cordon(node: string, unschedulable: boolean): Promise<void> {
    this.opts.scheduler.cordon(node, unschedulable);
    if (!unschedulable) this.store.schedulePending();
  }

  async evict(name: string): Promise<EvictionResult> {
    const pod = this.store.get(name);
    if (!pod || pod.failed) return { ok: true, gone: true }; // as the API's 404: already gone
    const m = this.opts.scenario.manifests;
    const res = evictionDecision(m.pdb, this.store.list(), pod, this.controller.params.replicas, m.file);
    if (res.ok) this.store.delete(pod.name, pod.template.spec.terminationGracePeriodSeconds);
    return res;
  }

  /** Kills every pod process and closes the Service. Safe to call twice. */
  remove(): Promise<void> {
    this.removed ??= (async () => {
      clearInterval(this.tick);
      this.endpoints.stop();
      await Promise.all([this.proxy.close(), this.store.killAll()]);
      this.opts.onRemoved?.();
    })();
    return this.removed;
  }

  private check(done: boolean, what: string): WaitCheck {
    if (done) return { done: true };
    const pods = this.store.list();
    const s = this.controller.status();
    const stuck =
      `${s.updatedReplicas}/${s.desired} updated, ${s.availableReplicas}/${s.desired} available, ` +
      `${s.replicas} non-terminating; pods: ${describePods(pods, this.controller, this.opts.scheduler) || 'none'}`;
    const waitingFor = this.trouble.waitingFor(pods);
    return {
      done: false,
      waiting: waitingFor ? `${stuck}; ${waitingFor}` : stuck,
      failed: fatalFailure(pods, what) ?? this.trouble.fatal(pods, what, this.targetPort) ?? this.proxy.failure,
    };
  }

  private mustGet(name: string) {
    const pod = this.store.get(name);
    if (!pod || pod.failed) throw new ZerodropError(`pod "${name}" not found in workload ${this.opts.scenario.name}`);
    return pod;
  }

  private queueSync(): void {
    if (this.syncQueued || this.removed) return;
    this.syncQueued = true;
    setImmediate(() => {
      this.syncQueued = false;
      this.sync();
    });
  }

  private sync(): void {
    if (this.removed) return;
    this.store.schedulePending();
    this.controller.sync();
    this.endpoints.observe(
      this.store.list().map((p) => ({
        name: p.name,
        node: p.node,
        ip: p.ip,
        labels: p.labels,
        ready: p.ready,
        terminating: !!p.deletionTimestamp,
      })),
    );
  }
}
