import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import type { Container, Probe } from '../../../../k8s/index.ts';
import type { TimelineSink } from '../../../../timeline/index.ts';
import { connectOnce } from '../../../../util/index.ts';
import type { PodRecord } from '../controller/pod-store.ts';
import type { StartSource } from './start-source.ts';

/** A container that exited this many times before its pod was ever ready can never become ready: fail fast. */
export const EXITS_BEFORE_READY_LIMIT = 2;
/** A pod without a readiness probe is ready at once; its Service targetPort may refuse this long before it counts as not served. */
export const NOT_READY_GRACE_MS = 5000;

const EXITED = /^container (\S+) exited with (\d+), restarting/;

/**
 * What the settle wait shows and when it fails fast. A pod that is not ready yet is progress, as
 * for Kubernetes (an app may start slowly: a JVM, a model to load, a database to wait for): the
 * wait shows per pod what it waits for (its readiness port refusing or accepting, its age) and the
 * app's last output, and ends at the settle timeout. It fails fast only on evidence that waiting
 * cannot fix: a container that keeps exiting at start (its exit code and last lines of output), or
 * a ready pod whose Service targetPort refuses connections. Learns container exits from the
 * kubelet's timeline notes; checks a port with one connect when a wait asks (no loop of its own).
 */
export class PodTroubleWatch {
  private readonly exits = new Map<string, { container: string; code: number; count: number }>();
  private readonly everReady = new Set<string>();
  private readonly refused = new Map<string, string>();
  /** Per pod, what the last connect to its readiness port found. */
  private readonly readinessPort = new Map<string, string>();
  private readonly checking = new Set<string>();
  private readonly checked = new Set<string>();
  private readonly workdir: string;
  private readonly source: ((container: string) => StartSource) | undefined;

  /** `source` names where a container's start command is written (Dockerfile or manifest), for the errors. */
  constructor(workdir: string, source?: (container: string) => StartSource) {
    this.workdir = workdir;
    this.source = source;
  }

  /** The timeline the pods write to, observed on the way through. */
  sink(inner: TimelineSink): TimelineSink {
    return {
      emit: (e) => {
        const m = e.kind === 'note' && e.pod ? EXITED.exec(e.detail ?? '') : null;
        if (m && e.pod) {
          const prev = this.exits.get(e.pod);
          this.exits.set(e.pod, { container: m[1], code: Number(m[2]), count: (prev?.count ?? 0) + 1 });
        }
        inner.emit(e);
      },
    };
  }

  /** The error that ends a wait at once, or undefined. `targetPort`: the Service's, checked on ready pods. */
  fatal(pods: readonly PodRecord[], what: string, targetPort: number): ZerodropError | undefined {
    for (const pod of pods) {
      if (pod.deletionTimestamp || pod.failed || !pod.ip) continue;
      if (pod.ready) this.everReady.add(pod.name);
      const exit = this.exits.get(pod.name);
      if (exit && exit.count >= EXITS_BEFORE_READY_LIMIT && !this.everReady.has(pod.name)) {
        const tail = this.logTail(pod.name, exit.container);
        const src = this.source?.(exit.container);
        const runs = src?.command === undefined ? '' : `, running ${JSON.stringify(src.command)}`;
        return new ZerodropError(
          `${what}: pod ${pod.name}: container ${exit.container} exited with code ${exit.code} at start ` +
            `(${exit.count} times, never ready)${runs}${tail ? `; last output: ${tail}` : ''}`,
          src === undefined ? {} : { file: src.file, field: src.field },
        );
      }
      const refused = this.refused.get(pod.name);
      if (refused) return new ZerodropError(`${what}: pod ${pod.name}: ${refused}`);
      if (pod.ready) this.checkPort(pod, targetPort, `Service targetPort ${targetPort}`);
      else this.checkReadiness(pod);
    }
    return undefined;
  }

  /** Per pod not ready yet: what it waits for and the app's last output, one clause each. */
  waitingFor(pods: readonly PodRecord[], now = Date.now()): string {
    const waiting = pods.filter((p) => !p.ready && !p.deletionTimestamp && !p.failed);
    return waiting
      .map((pod) => {
        const age = Math.round((now - pod.createdAt) / 1000);
        const probe = this.readinessPort.get(pod.name);
        const container = pod.template.spec.containers[0]?.name ?? '';
        const tail = this.logTail(pod.name, container);
        return `pod ${pod.name} not ready after ${age} s${probe ? ` (${probe})` : ''}${tail ? `, last output ${tail}` : ''}`;
      })
      .join('; ');
  }

  /** True once every ready pod's `targetPort` was tried (a refusal then shows in fatal()); starts the tries. */
  targetPortChecked(pods: readonly PodRecord[], targetPort: number): boolean {
    const ready = pods.filter((p) => p.ready && !p.deletionTimestamp && p.ip);
    for (const p of ready) this.checkPort(p, targetPort, `Service targetPort ${targetPort}`);
    return ready.every((p) => this.checked.has(`${p.name}:${targetPort}`));
  }

  /** Looks at the readiness port (one connect, again 500 ms after it answers) to say what the pod waits for. */
  private checkReadiness(pod: PodRecord): void {
    for (const c of pod.template.spec.containers) {
      const probe = c.readinessProbe;
      const port = probe ? probePort(probe, c) : undefined;
      if (!probe || port === undefined || !pod.ip) continue;
      const key = `${pod.name}:${port}:readiness`;
      if (this.checking.has(key)) continue;
      this.checking.add(key);
      const kind = probe.httpGet ? `HTTP GET ${probe.httpGet.path ?? '/'}` : 'TCP';
      void connectOnce(pod.ip, port, 1000).then((outcome) => {
        this.readinessPort.set(
          pod.name,
          outcome === 'connected'
            ? `readiness probe ${kind} port ${port} accepts connections, not passing yet`
            : `readiness probe ${kind} port ${port}: ${outcome === 'ECONNREFUSED' ? 'connection refused' : outcome}`,
        );
        setTimeout(() => this.checking.delete(key), 500).unref();
      });
    }
  }

  /** One connect to the pod's port; a refusal is kept and ends the next check. */
  private checkPort(pod: PodRecord, port: number, label: string): void {
    const key = `${pod.name}:${port}`;
    if (this.checking.has(key) || !pod.ip) return;
    this.checking.add(key);
    const done = (outcome: string): void => {
      // A pod without a readiness probe is ready before its app listens: give it the grace period.
      const young = Date.now() - pod.createdAt < NOT_READY_GRACE_MS;
      const refused = outcome === 'ECONNREFUSED' && !pod.deletionTimestamp && !young;
      if (refused) this.refused.set(pod.name, `${label}: connection refused on port ${port}`);
      // A ready pod's targetPort is tried until it answers or is judged.
      if (young && outcome === 'ECONNREFUSED') setTimeout(() => this.checking.delete(key), 500).unref();
      else this.checked.add(key);
    };
    void connectOnce(pod.ip, port, 1000).then(done);
  }

  /** The last error line of a container's output and the one after it, else its last 3 lines (at most 300 characters). */
  private logTail(pod: string, container: string): string {
    let lines: string[];
    try {
      lines = readFileSync(join(this.workdir, pod, `${container}.log`), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
    } catch {
      return '';
    }
    const errorAt = lines.findLastIndex((l) => /(^|\s)(\w*Error|error|fatal)\b/i.test(l));
    const picked = errorAt >= 0 ? lines.slice(errorAt, errorAt + 2) : lines.slice(-3);
    return JSON.stringify(picked.join('\n').slice(0, 300));
  }
}

/** The numeric port a tcpSocket or httpGet probe connects to (a named port resolved), or undefined. */
function probePort(probe: Probe, c: Container): number | undefined {
  const raw = probe.tcpSocket?.port ?? probe.httpGet?.port;
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  if (/^\d+$/.test(raw)) return Number(raw);
  return c.ports?.find((p) => p.name === raw)?.containerPort;
}
