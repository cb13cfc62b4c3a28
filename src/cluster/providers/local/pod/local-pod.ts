import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import type { ImageConfig, PodTemplateSpec } from '../../../../k8s/index.ts';
import type { TimelineSink } from '../../../../timeline/index.ts';
import { waitFor } from '../../../../util/index.ts';
import { netnsPathOf, podEtc, releasePodNetwork } from '../network/pod-network.ts';
import { listensOn } from '../wildcard-bind.ts';
import { ContainerRunner } from './container-runner.ts';
import { effectiveGraceSeconds } from './container-stop.ts';
import { launchSpec } from './launch-spec.ts';
import { stopSignalOf } from './signals.ts';
import { stageImage } from './stage-image.ts';

export interface LocalPodOptions {
  name: string;
  namespace: string;
  node: string;
  /** Loopback address assigned to this pod, e.g. 127.23.4.5. */
  ip: string;
  template: PodTemplateSpec;
  /** Keyed by the container image name used in the manifest. */
  images: Record<string, ImageConfig>;
  /** Receives pod-created, pod-ready, pod-unready, prestop-start, prestop-end, sigterm, sigkill, exit (and notes). */
  timeline: TimelineSink;
  /** Scratch dir for staged image files and container logs (`<container>.log`). */
  workdir: string;
  /** Run entrypoints as PID 1 of a PID namespace (see detectPid1Support). */
  pid1: boolean;
  /** The manifest the template came from; named in errors about command, args and env. Optional. */
  manifestFile?: string;
}

/** How long start() watches a pod sharing the host network for a wildcard-bind conflict. */
const BIND_WATCH_MS = 10_000;

/**
 * A pod of the embedded runtime: the kubelet's part for one pod, on real processes.
 * Events: 'ready' (boolean) whenever pod readiness flips; 'exit' (exit codes by container) once every
 * container has exited for good, after terminate() or kill().
 */
export class LocalPod extends EventEmitter {
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  private readonly opts: LocalPodOptions;
  private runners: ContainerRunner[] = [];
  private wasReady = false;
  private starting: Promise<void> | undefined;
  private termination: Promise<void> | undefined;
  private isTerminating = false;
  private isExited = false;
  private killed = false;
  /** Set when a container could not bind because another replica holds its port on 0.0.0.0. */
  private bindConflict: ZerodropError | undefined;

  constructor(opts: LocalPodOptions) {
    super();
    this.opts = opts;
    this.name = opts.name;
    this.node = opts.node;
    this.ip = opts.ip;
  }

  get ready(): boolean {
    return !this.isExited && this.runners.length > 0 && this.runners.every((r) => r.ready);
  }

  get terminating(): boolean {
    return this.isTerminating;
  }

  get exited(): boolean {
    return this.isExited;
  }

  /** Container restarts so far (all containers). */
  get restarts(): number {
    return this.runners.reduce((n, r) => n + r.restarts, 0);
  }

  /** Host PIDs of each container's PID 1 (or group leader) that is running now. */
  pids(): number[] {
    return this.runners.map((r) => r.pid).filter((p): p is number => p !== undefined);
  }

  /**
   * Stage images and spawn every container; resolves once all are spawned (not ready). Sharing the
   * host network, it then waits until the pod listens on its own address for every containerPort,
   * passes a readiness probe or exits (at most BIND_WATCH_MS), and rejects with one line when a
   * container could not bind because another replica holds its port on 0.0.0.0.
   */
  start(): Promise<void> {
    this.starting ??= this.spawnAll();
    if (netnsPathOf(this.ip) !== undefined) return this.starting;
    return this.starting.then(() => this.watchBind());
  }

  private async watchBind(): Promise<void> {
    const containers = this.opts.template.spec.containers;
    const ports = containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
    const probed = containers.some((c) => c.readinessProbe);
    if (ports.length) {
      const settled = () => this.bindConflict !== undefined || this.isExited || (probed && this.ready) || listensOn(this.ip, ports);
      // Watching only: when the time is up without a sign either way, the pod goes on starting.
      await waitFor(() => ({ done: settled(), waiting: `pod ${this.name} to listen on ${ports.join(', ')}` }), {
        what: `bind watch of pod ${this.name}`,
        timeoutMs: BIND_WATCH_MS,
        intervalMs: 50,
      }).catch(() => undefined);
    }
    if (this.bindConflict) throw this.bindConflict;
  }

  private async spawnAll(): Promise<void> {
    const { opts } = this;
    opts.timeline.emit({ kind: 'pod-created', pod: this.name, node: this.node });
    const grace = opts.template.spec.terminationGracePeriodSeconds ?? 30;
    const runners: ContainerRunner[] = [];
    // In a pod network namespace, the pod's own resolv.conf and hosts (cluster DNS), as the kubelet mounts them.
    const etc = await podEtc({ name: this.name, namespace: opts.namespace, ip: this.ip }, join(opts.workdir, '.etc'));
    for (const [index, container] of opts.template.spec.containers.entries()) {
      const image = opts.images[container.image];
      if (image === undefined) {
        throw new ZerodropError(`no Dockerfile known for image "${container.image}"`, {
          file: opts.manifestFile,
          field: `spec.template.spec.containers[${index}].image`,
        });
      }
      const stagedDir = await stageImage(image, join(opts.workdir, container.name));
      const spec = launchSpec({
        container,
        index,
        image,
        stagedDir,
        manifestFile: opts.manifestFile,
        pod: { name: this.name, namespace: opts.namespace, node: this.node, ip: this.ip },
      });
      runners.push(
        new ContainerRunner({
          container,
          spec,
          logPath: join(opts.workdir, `${container.name}.log`),
          pid1: opts.pid1,
          stopSignal: stopSignalOf(image.stopSignal, image.dockerfile),
          graceSeconds: grace,
          pod: this.name,
          node: this.node,
          ip: this.ip,
          timeline: opts.timeline,
          onChange: () => this.update(),
          netns: netnsPathOf(this.ip),
          etc,
          onBindConflict: (err) => void this.onBindConflict(err),
        }),
      );
    }
    await mkdir(opts.workdir, { recursive: true });
    this.runners = runners;
    try {
      // A pod deleted while it was being set up never starts its containers.
      for (const r of runners) if (!this.isTerminating) await r.start();
    } catch (err) {
      await this.killRunners();
      throw err;
    }
  }

  /**
   * Pod deletion as the kubelet carries it out: per container preStop, stop signal, SIGKILL at the
   * deadline (now + grace). Default grace: the template's terminationGracePeriodSeconds, else 30; a
   * grace below 1 s counts as 1 s (the kubelet's pod worker), and SIGKILL never comes less than 2 s
   * after the stop signal (ContainerStop).
   * A second call with a shorter grace period brings the deadline forward. Resolves when every
   * container process has exited.
   */
  terminate(gracePeriodSeconds?: number): Promise<void> {
    const grace = gracePeriodSeconds ?? this.opts.template.spec.terminationGracePeriodSeconds ?? 30;
    const deadline = Date.now() + effectiveGraceSeconds(grace) * 1000;
    this.isTerminating = true;
    const stopAll = async (): Promise<void> => {
      await this.starting?.catch(() => undefined);
      await Promise.all(this.runners.map((r) => r.terminate(deadline)));
    };
    if (this.termination === undefined) this.termination = stopAll().then(() => this.markExited());
    else void stopAll(); // a second delete only brings the deadline forward
    return this.termination;
  }

  /** Immediate SIGKILL of everything, without timeline events (cleanup). Safe to call twice. */
  async kill(): Promise<void> {
    this.isTerminating = true;
    this.killed = true;
    await this.starting?.catch(() => undefined);
    await this.killRunners();
  }

  private async killRunners(): Promise<void> {
    this.isTerminating = true;
    this.killed = true;
    await Promise.all(this.runners.map((r) => r.kill()));
    this.markExited();
  }

  private async onBindConflict(err: ZerodropError): Promise<void> {
    if (this.bindConflict || this.isTerminating) return;
    this.bindConflict = err;
    // The pod's 'exit' reaches the pod store first, so start()'s rejection is what the store keeps.
    await this.killRunners();
  }

  private markExited(): void {
    if (this.isExited) return;
    this.isExited = true;
    // A graceful exit keeps the (empty) pod network a little while: late connections get refused.
    void releasePodNetwork(this.ip, !this.killed);
    this.update();
    this.emit('exit');
  }

  private update(): void {
    const ready = this.ready;
    if (ready === this.wasReady) return;
    this.wasReady = ready;
    if (!this.killed) this.opts.timeline.emit({ kind: ready ? 'pod-ready' : 'pod-unready', pod: this.name, node: this.node });
    this.emit('ready', ready);
  }
}
