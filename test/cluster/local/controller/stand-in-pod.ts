import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { PodProcess, PodSpawner, PodSpawnRequest } from '../../../../src/cluster/providers/local/controller/pod-store.ts';

export interface StandInTiming {
  /** Time from start() to Ready. Infinity: never ready. */
  readyAfterMs: number;
  /** Time from terminate() to exit. */
  stopAfterMs: number;
  /** start() rejects with this error. */
  startError?: Error;
}

/**
 * A stand-in for the kubelet's LocalPod in control-plane tests: a real tiny HTTP server bound to the
 * pod's address that answers with its pod name, becomes ready after a delay and exits some time after
 * terminate(). The tests using it are about the controllers, not about pod processes.
 */
export class StandInPod extends EventEmitter implements PodProcess {
  readonly req: PodSpawnRequest;
  ready = false;
  exited = false;
  terminating = false;
  terminateGrace: number | undefined;
  /** When the pod last became ready. */
  readyAt: number | undefined;
  private readonly timing: StandInTiming;
  private readonly server: http.Server;
  private readyTimer: NodeJS.Timeout | undefined;

  constructor(req: PodSpawnRequest, timing: StandInTiming) {
    super();
    this.req = req;
    this.timing = timing;
    this.server = http.createServer((_q, res) => res.setHeader('x-zerodrop-pod', req.name).end(req.name));
  }

  async start(): Promise<void> {
    if (this.timing.startError) throw this.timing.startError;
    const port = this.req.template.spec.containers[0]!.ports![0]!.containerPort;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.req.ip, () => resolve());
    });
    if (Number.isFinite(this.timing.readyAfterMs)) {
      this.readyTimer = setTimeout(() => this.setReady(true), this.timing.readyAfterMs);
    }
  }

  async terminate(gracePeriodSeconds?: number): Promise<void> {
    this.terminating = true;
    this.terminateGrace = gracePeriodSeconds;
    await new Promise((r) => setTimeout(r, this.timing.stopAfterMs));
    await this.kill();
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    clearTimeout(this.readyTimer);
    this.setReady(false);
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    this.exited = true;
    this.emit('exit');
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready) this.readyAt = Date.now();
    this.emit('ready', ready);
  }
}

/** A spawner making stand-in pods; `spawned` lists them in creation order. */
export function standInSpawner(timing: StandInTiming, onEvent?: () => void): { spawner: PodSpawner; spawned: StandInPod[] } {
  const spawned: StandInPod[] = [];
  const spawner: PodSpawner = (req) => {
    const pod = new StandInPod(req, timing);
    if (onEvent) {
      pod.on('ready', onEvent);
      pod.on('exit', onEvent);
    }
    spawned.push(pod);
    return pod;
  };
  return { spawner, spawned };
}
