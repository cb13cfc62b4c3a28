import { type Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Log, type LogOptions } from '@kubernetes/client-node';
import type { AgentStream } from '../../load/index.ts';
import { sleep } from '../../util/index.ts';
import { isNotFound } from './api-error.ts';
import type { KubeClients } from './kube-clients.ts';

/** What the follower needs to know of the container between two streams. */
export interface ContainerState {
  state: 'running' | 'waiting' | 'terminated' | 'gone';
  restartCount: number;
}

export interface FollowOptions {
  clients: KubeClients;
  namespace: string;
  pod: string;
  container: string;
  stream: AgentStream;
  state(): Promise<ContainerState>;
  /** A stream that brings nothing (not even the agent's 1 s heartbeat) for this long is restarted. */
  stallMs?: number;
}

/**
 * Follows one container's log through the log API (client-node's Log, follow and timestamps on)
 * into an AgentStream, for as long as the agent may write. A stream that ends, fails or stalls is
 * resumed from the last line's timestamp (sinceTime; the lines repeated are dropped by seq); after
 * a container restart the previous container's log is read first, so its tail is not lost. Ends
 * when the agent reported its end, the container terminated for good (read to its last line), the
 * pod is gone, or stop() is called.
 */
export class PodLogFollower {
  readonly ended: Promise<void>;
  private readonly o: FollowOptions;
  private stopped = false;
  private readonly stopper = new AbortController();
  private current: AbortController | undefined;

  constructor(o: FollowOptions) {
    this.o = o;
    this.ended = this.loop().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    this.stopper.abort();
    this.current?.abort();
  }

  /** One log request; resolves when it ended, failed or stalled (then aborted). */
  private async read(options: LogOptions): Promise<void> {
    const { clients, namespace, pod, container, stream } = this.o;
    const decoder = new StringDecoder('utf8');
    let finish!: () => void;
    const over = new Promise<void>((r) => {
      finish = r;
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        stream.push(decoder.write(chunk));
        cb();
      },
      final(cb) {
        stream.push(decoder.end());
        finish();
        cb();
      },
    });
    // client-node pipes the response into `sink` and attaches no error handler to it: a broken or
    // aborted stream would be an uncaught error. The 'pipe' event hands the source over.
    sink.on('pipe', (src: Readable) => src.on('error', () => finish()));
    sink.on('error', () => finish());
    stream.newStream();
    stream.lastDataAt = Date.now();
    this.current = await new Log(clients.kc).log(namespace, pod, container, sink, { timestamps: true, ...options });
    const stallMs = this.o.stallMs ?? 5000;
    const watchdog = setInterval(
      () => {
        if (Date.now() - stream.lastDataAt > stallMs) finish();
      },
      Math.min(1000, stallMs),
    );
    try {
      await Promise.race([over, new Promise<void>((r) => this.stopper.signal.addEventListener('abort', () => r(), { once: true }))]);
    } finally {
      clearInterval(watchdog);
      this.current.abort();
    }
  }

  private async loop(): Promise<void> {
    let restarts = (await this.o.state().catch(() => undefined))?.restartCount ?? 0;
    while (!this.stopped && !this.o.stream.done) {
      const since = this.o.stream.lastTimestamp;
      await this.read({ follow: true, ...(since ? { sinceTime: since } : {}) }).catch((err: unknown) => {
        if (isNotFound(err)) this.stopped = true;
      });
      if (this.stopped || this.o.stream.done) return;
      const s = await this.o.state().catch(() => ({ state: 'running', restartCount: restarts }) as ContainerState);
      if (s.state === 'gone') return;
      if (s.restartCount > restarts) {
        restarts = s.restartCount;
        await this.read({ previous: true, ...(since ? { sinceTime: since } : {}) }).catch(() => undefined);
      }
      if (s.state === 'terminated') {
        await this.read({ ...(this.o.stream.lastTimestamp ? { sinceTime: this.o.stream.lastTimestamp } : {}) }).catch(() => undefined);
        return;
      }
      await sleep(500, this.stopper.signal).catch(() => undefined);
    }
  }
}
