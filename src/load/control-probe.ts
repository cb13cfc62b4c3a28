import { createWriteStream, type WriteStream } from 'node:fs';
import type { LoadTarget } from './types.ts';
import { httpGetOnce } from './wait-serving.ts';

/** Requests per second the control stream sends (each on a new connection). */
export const CONTROL_RATE = 5;

/** The control stream's figures for one phase; the run writes one per phase to the timeline. */
export interface ControlHealth {
  phase: string;
  /** Control requests that ended in the phase. */
  requests: number;
  /** Of them, those without a 2xx or 3xx answer. */
  failed: number;
  /** Failed requests by status code or error code, e.g. { ECONNREFUSED: 2, '503': 1 }. */
  codes: Record<string, number>;
}

/**
 * The control stream (OpenShift's network-liveness backend): a low rate of new-connection requests
 * from the load process to a control backend that no disruption touches. Each request is streamed
 * to `file` as `[t, ms, code]` (t: send time, epoch ms; code: HTTP status or error code) and counted
 * by the phase in which it ends. A failure there is the harness's or the network's, not the app's.
 */
export class ControlProbe {
  private readonly target: LoadTarget;
  private readonly timeoutMs: number;
  private readonly out: WriteStream;
  private readonly timer: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private counts = { requests: 0, failed: 0, codes: {} as Record<string, number> };
  private stopping: Promise<void> | undefined;

  constructor(target: LoadTarget, opts: { timeoutMs: number; file: string; rate?: number }) {
    this.target = target;
    this.timeoutMs = opts.timeoutMs;
    this.out = createWriteStream(opts.file);
    this.timer = setInterval(() => this.send(), 1000 / (opts.rate ?? CONTROL_RATE));
  }

  /** The figures of the requests that ended since the last take, for `phase`; resets them. */
  take(phase: string): ControlHealth {
    const c = this.counts;
    this.counts = { requests: 0, failed: 0, codes: {} };
    return { phase, ...c };
  }

  /** Stops sending, waits for the requests in flight, closes the file. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      await Promise.all(this.inFlight);
      await new Promise<void>((resolve) => this.out.end(resolve));
    })();
    return this.stopping;
  }

  private send(): void {
    const t = Date.now();
    const start = performance.now();
    const done = httpGetOnce(this.target, this.target.path, this.timeoutMs).then(
      (r) => this.record(t, performance.now() - start, r.status),
      (err: NodeJS.ErrnoException) => this.record(t, performance.now() - start, err.code ?? 'ERROR'),
    );
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
  }

  private record(t: number, ms: number, code: number | string): void {
    this.out.write(`${JSON.stringify([t, Math.round(ms * 10) / 10, code])}\n`);
    this.counts.requests++;
    if (typeof code === 'number' && code >= 200 && code < 400) return;
    this.counts.failed++;
    this.counts.codes[String(code)] = (this.counts.codes[String(code)] ?? 0) + 1;
  }
}

/** A `control` timeline event's detail, or undefined when it is not one. */
export function parseControlHealth(detail: string | undefined): ControlHealth | undefined {
  if (!detail) return undefined;
  try {
    const h = JSON.parse(detail) as ControlHealth;
    return typeof h.requests === 'number' && typeof h.failed === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}
