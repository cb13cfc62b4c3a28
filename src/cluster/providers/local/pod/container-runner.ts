import type { ZerodropError } from '../../../../errors/index.ts';
import type { Container } from '../../../../k8s/index.ts';
import type { TimelineSink } from '../../../../timeline/index.ts';
import { sharedHostBindError, wildcardListener } from '../wildcard-bind.ts';
import { ContainerProcess } from './container-process.ts';
import { ContainerStop } from './container-stop.ts';
import type { ActionTarget } from './exec-action.ts';
import type { LaunchSpec } from './launch-spec.ts';
import { ProbeWorker } from './prober.ts';
import { RestartBackoff } from './restart-backoff.ts';

export interface RunnerInput {
  container: Container;
  spec: LaunchSpec;
  logPath: string;
  pid1: boolean;
  stopSignal: NodeJS.Signals;
  /** Grace period the kubelet uses when a failed liveness/startup probe kills the container. */
  graceSeconds: number;
  pod: string;
  node: string;
  ip: string;
  timeline: TimelineSink;
  /** The pod's network namespace; unset when pods share the host network. */
  netns?: string;
  /** In a pod network namespace: the dir holding the pod's resolv.conf and hosts (see podEtc). */
  etc?: string;
  /** Called whenever the container's readiness may have changed. */
  onChange: () => void;
  /**
   * Sharing the host network: the container exited while another process holds one of its ports on a
   * wildcard address (another replica that binds 0.0.0.0). The container is not restarted.
   */
  onBindConflict?: (err: ZerodropError) => void;
}

/**
 * One container under the kubelet: runs its entrypoint, probes it (startup first, then readiness and
 * liveness), restarts it with back-off when it exits or fails liveness (restartPolicy Always), and stops
 * it with preStop, stop signal and SIGKILL when the pod terminates.
 */
export class ContainerRunner {
  restarts = 0;
  private readonly input: RunnerInput;
  private readonly target: ActionTarget;
  private readonly backoff = new RestartBackoff();
  private proc: ContainerProcess | undefined;
  private workers: ProbeWorker[] = [];
  private started = false;
  private readiness: ProbeWorker | undefined;
  private stopping: ContainerStop | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private terminating = false;
  private starting: Promise<void> | undefined;
  private silent = false;
  private finished!: () => void;
  /** Resolves when the container has exited for good (pod terminated or killed). */
  readonly done: Promise<void> = new Promise((resolve) => {
    this.finished = resolve;
  });

  constructor(input: RunnerInput) {
    this.input = input;
    this.target = {
      ip: input.ip,
      container: input.container,
      cwd: input.spec.cwd,
      env: input.spec.env,
      netns: input.netns,
      pid1: () => (this.proc?.pid1 ? this.pid : undefined),
    };
  }

  get running(): boolean {
    return this.proc?.running ?? false;
  }

  /** Running, past its startup probe, and passing readiness (or without a readiness probe). */
  get ready(): boolean {
    return this.running && this.started && (this.readiness === undefined || this.readiness.result);
  }

  /** Host PID of the container's PID 1, while it runs. */
  get pid(): number | undefined {
    return this.running ? this.proc?.pid : undefined;
  }

  start(): Promise<void> {
    this.starting = this.spawn();
    return this.starting;
  }

  private async spawn(): Promise<void> {
    const proc = await ContainerProcess.start(this.input.spec, this.input.logPath, this.input.pid1, this.input.netns, this.input.etc);
    this.proc = proc;
    const startedAt = Date.now();
    void proc.exited.then((code) => this.onExit(proc, code, startedAt));
    const c = this.input.container;
    this.started = c.startupProbe === undefined;
    this.readiness = undefined;
    if (c.startupProbe) {
      this.addWorker(
        new ProbeWorker('startup', c.startupProbe, this.target, (ok) => {
          if (ok) {
            this.started = true;
            this.stopWorker('startup');
            this.startMainProbes();
          } else {
            this.probeFailed('startup');
          }
        }),
      );
    } else {
      this.startMainProbes();
    }
    this.input.onChange();
  }

  /** Pod deletion: stop this container by the given deadline (epoch ms). Resolves when it is gone. */
  async terminate(deadline: number): Promise<void> {
    this.terminating = true;
    clearTimeout(this.restartTimer);
    await this.starting?.catch(() => undefined);
    // The kubelet stops liveness and startup probing once deletion is requested; readiness goes on.
    this.stopWorker('liveness');
    this.stopWorker('startup');
    if (this.stopping) this.stopping.shorten(deadline);
    else if (this.proc?.running) await this.stop(this.proc, deadline);
    if (!this.running) this.finish();
    await this.done;
  }

  /** Immediate SIGKILL, no restart, no timeline events. Safe to call twice. */
  async kill(): Promise<void> {
    this.terminating = true;
    this.silent = true;
    clearTimeout(this.restartTimer);
    await this.starting?.catch(() => undefined);
    this.stopAllWorkers();
    if (this.proc?.running) {
      this.proc.kill();
      await this.proc.exited;
    }
    this.finish();
  }

  private async stop(proc: ContainerProcess, deadline: number): Promise<void> {
    const { container, stopSignal, timeline, pod, node } = this.input;
    this.stopping = new ContainerStop(
      { proc, preStop: container.lifecycle?.preStop, target: this.target, stopSignal, timeline, pod, node },
      deadline,
    );
    try {
      await this.stopping.run();
    } finally {
      this.stopping = undefined;
    }
  }

  private startMainProbes(): void {
    const c = this.input.container;
    if (c.readinessProbe) {
      this.readiness = new ProbeWorker(
        'readiness',
        c.readinessProbe,
        this.target,
        () => this.input.onChange(),
        () => this.probeEvent('readiness'),
      );
      this.addWorker(this.readiness);
    }
    if (c.livenessProbe && !this.terminating) {
      this.addWorker(
        new ProbeWorker('liveness', c.livenessProbe, this.target, (ok) => {
          if (!ok) this.probeFailed('liveness');
        }),
      );
    }
    this.input.onChange();
  }

  /** A failed liveness or startup probe: the kubelet kills the container (gracefully) and restarts it. */
  private probeFailed(kind: 'liveness' | 'startup'): void {
    const proc = this.proc;
    if (this.terminating || !proc?.running || this.stopping) return;
    this.stopWorker('liveness');
    this.stopWorker('startup');
    this.note(`container ${this.input.container.name} failed its ${kind} probe, will be restarted`);
    void this.stop(proc, Date.now() + this.input.graceSeconds * 1000);
  }

  private onExit(proc: ContainerProcess, code: number, startedAt: number): void {
    if (proc !== this.proc) return;
    this.stopAllWorkers();
    this.readiness = undefined;
    const { timeline, pod, node } = this.input;
    if (!this.silent) timeline.emit({ kind: 'exit', pod, node, detail: String(code) });
    this.input.onChange();
    if (this.terminating) {
      this.finish();
      return;
    }
    const conflict =
      this.input.netns === undefined && this.input.onBindConflict
        ? wildcardListener((this.input.container.ports ?? []).map((p) => p.containerPort))
        : undefined;
    if (conflict) {
      this.terminating = true;
      this.note(
        `container ${this.input.container.name} exited with ${code}: port ${conflict.port} is held on ${conflict.host} by another process`,
      );
      this.input.onBindConflict!(sharedHostBindError(conflict));
      this.finish();
      return;
    }
    const delay = this.backoff.next(Date.now() - startedAt);
    this.note(`container ${this.input.container.name} exited with ${code}, restarting in ${delay / 1000}s`);
    this.restartTimer = setTimeout(() => {
      if (this.terminating) return;
      this.restarts++;
      this.start().catch((err: unknown) => {
        this.note(`container ${this.input.container.name} failed to restart: ${(err as Error).message}`);
        this.finish();
      });
    }, delay);
  }

  /** One failed probe attempt, as the kubelet's Unhealthy event: the diagnosis reads readiness failures after SIGTERM. */
  private probeEvent(kind: 'readiness'): void {
    if (!this.silent) this.input.timeline.emit({ kind: 'probe-failed', pod: this.input.pod, node: this.input.node, detail: kind });
  }

  private note(detail: string): void {
    if (!this.silent) this.input.timeline.emit({ kind: 'note', pod: this.input.pod, node: this.input.node, detail });
  }

  private addWorker(w: ProbeWorker): void {
    this.workers.push(w);
    w.start();
  }

  private stopWorker(kind: ProbeWorker['kind']): void {
    for (const w of this.workers) if (w.kind === kind) w.stop();
    this.workers = this.workers.filter((w) => w.kind !== kind);
  }

  private stopAllWorkers(): void {
    for (const w of this.workers) w.stop();
    this.workers = [];
  }

  private finish(): void {
    this.finished();
  }
}
