import { EventEmitter } from 'node:events';
import type { PodTemplateSpec } from '../../../../k8s/index.ts';
import type { TimelineSink } from '../../../../timeline/index.ts';
import type { LoopbackAllocator } from '../network/pod-address.ts';
import type { NodeScheduler } from '../scheduler.ts';

/** The part of the kubelet's LocalPod the control plane uses (events: 'ready' (boolean), 'exit'). */
export interface PodProcess {
  readonly ready: boolean;
  readonly exited: boolean;
  start(): Promise<void>;
  terminate(gracePeriodSeconds?: number): Promise<void>;
  kill(): Promise<void>;
  on(event: 'ready', listener: (ready: boolean) => void): unknown;
  on(event: 'exit', listener: (...args: unknown[]) => void): unknown;
}

export interface PodSpawnRequest {
  name: string;
  namespace: string;
  node: string;
  ip: string;
  template: PodTemplateSpec;
}

/** Creates (but does not start) the runtime of one pod. */
export type PodSpawner = (req: PodSpawnRequest) => PodProcess;

/** One pod object, as the API server would hold it. */
export interface PodRecord {
  name: string;
  revision: string;
  labels: Record<string, string>;
  template: PodTemplateSpec;
  createdAt: number;
  /** Unset while Pending (no schedulable node). */
  node?: string;
  ip?: string;
  process?: PodProcess;
  ready: boolean;
  /** When the Ready condition last became true. */
  readySince?: number;
  deletionTimestamp?: number;
  /** Set when the pod could not start or its containers exited while nobody deleted it. */
  failed?: string;
  /** The error start() failed with, kept so a wait can pass on its file, field and hint. */
  startError?: unknown;
}

export interface PodStoreOptions {
  namespace: string;
  spawner: PodSpawner;
  scheduler: NodeScheduler;
  addresses: LoopbackAllocator;
  timeline: TimelineSink;
  /** Container ports every pod binds (an address is only handed out when all are free). */
  ports: number[];
}

/**
 * The pods of one workload: creation, scheduling onto a node, deletion (deletionTimestamp, then the
 * kubelet's graceful termination) and removal once the pod's processes have exited.
 * Emits 'change' whenever anything a controller looks at changes.
 */
export class PodStore extends EventEmitter {
  private readonly opts: PodStoreOptions;
  private readonly pods = new Map<string, PodRecord>();
  private readonly exits = new Set<Promise<unknown>>();
  private closed = false;

  constructor(opts: PodStoreOptions) {
    super();
    this.opts = opts;
  }

  list(): PodRecord[] {
    return [...this.pods.values()];
  }

  get(name: string): PodRecord | undefined {
    return this.pods.get(name);
  }

  /** Creates a pod object and schedules it (it stays Pending while every node is cordoned). */
  create(prefix: string, revision: string, template: PodTemplateSpec): PodRecord {
    const labels = { ...template.metadata?.labels, 'pod-template-hash': revision };
    let name: string;
    do name = `${prefix}-${randomSuffix()}`;
    while (this.pods.has(name));
    const pod: PodRecord = { name, revision, labels, template, createdAt: Date.now(), ready: false };
    this.pods.set(name, pod);
    this.schedulePending();
    this.changed();
    return pod;
  }

  /** Binds every Pending pod it can to a node and starts it (call after an uncordon). */
  schedulePending(): void {
    if (this.closed) return;
    const load = new Map<string, number>();
    for (const p of this.pods.values()) if (p.node && !p.deletionTimestamp) load.set(p.node, (load.get(p.node) ?? 0) + 1);
    for (const pod of this.pods.values()) {
      if (pod.node || pod.deletionTimestamp || pod.failed) continue;
      const node = this.opts.scheduler.pick(load);
      if (!node) return;
      pod.node = node;
      load.set(node, (load.get(node) ?? 0) + 1);
      void this.run(pod, node);
    }
  }

  /** Sets deletionTimestamp and starts graceful termination; resolves at once (as the API does). */
  delete(name: string, gracePeriodSeconds?: number): void {
    const pod = this.pods.get(name);
    if (!pod || pod.deletionTimestamp) return;
    pod.deletionTimestamp = Date.now();
    this.opts.timeline.emit({ t: pod.deletionTimestamp, kind: 'pod-deleted', pod: name, node: pod.node });
    if (pod.process && !pod.process.exited) {
      const done = pod.process.terminate(gracePeriodSeconds).catch(() => pod.process?.kill());
      this.track(done);
    } else if (!pod.node || pod.failed || pod.process?.exited) {
      this.pods.delete(name); // nothing runs: the object goes away at once
    }
    this.changed();
  }

  /** Kills every pod's processes at once and forgets all pods. */
  async killAll(): Promise<void> {
    this.closed = true;
    const kills = [...this.pods.values()].map((p) => p.process?.kill().catch(() => undefined));
    await Promise.all([...kills, ...this.exits]);
    this.pods.clear();
  }

  private async run(pod: PodRecord, node: string): Promise<void> {
    try {
      const ip = await this.opts.addresses.allocate(this.opts.ports);
      if (this.closed || pod.deletionTimestamp) {
        this.pods.delete(pod.name);
        return this.changed();
      }
      pod.ip = ip;
      const proc = this.opts.spawner({ name: pod.name, namespace: this.opts.namespace, node, ip, template: pod.template });
      pod.process = proc;
      proc.on('ready', (ready: boolean) => this.onReady(pod, ready));
      proc.on('exit', (...args: unknown[]) => this.onExit(pod, args[0]));
      const started = proc.start();
      this.track(started);
      await started;
    } catch (err) {
      pod.failed = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
      pod.startError = err;
      pod.ready = false;
    }
    this.changed();
  }

  private onReady(pod: PodRecord, ready: boolean): void {
    if (pod.ready === ready) return;
    pod.ready = ready;
    pod.readySince = ready ? Date.now() : undefined;
    this.changed();
  }

  private onExit(pod: PodRecord, detail: unknown): void {
    pod.ready = false;
    pod.readySince = undefined;
    if (pod.deletionTimestamp || this.closed) this.pods.delete(pod.name);
    else pod.failed = `exited without being deleted${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}`;
    this.changed();
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch(() => undefined).finally(() => this.exits.delete(q));
    this.exits.add(q);
  }

  private changed(): void {
    this.emit('change');
  }
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
