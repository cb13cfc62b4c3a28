import type { Probe } from '../../../../k8s/index.ts';
import { httpGetOnce, tcpOnce } from '../../../../k8s/index.ts';
import { type ActionTarget, execOnce } from './exec-action.ts';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

/** The kubelet's defaults for unset probe fields. */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
} as const;

/** One probe attempt by its handler (exec, httpGet or tcpSocket). */
export function probeOnce(probe: Probe, t: ActionTarget, signal?: AbortSignal): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds) * 1000;
  if (probe.exec) return execOnce(probe.exec, t, timeoutMs, signal);
  if (probe.httpGet) return httpGetOnce(probe.httpGet, t, timeoutMs, signal);
  if (probe.tcpSocket) return tcpOnce(probe.tcpSocket, t, timeoutMs, signal);
  return Promise.resolve(true);
}

/**
 * A kubelet probe worker for one container run: the first attempt after initialDelaySeconds, then one
 * every periodSeconds (a tick that comes while an attempt is still running is dropped). The result
 * flips to success after successThreshold consecutive passes and to failure after failureThreshold
 * consecutive failures; `onChange` hears every flip.
 */
export class ProbeWorker {
  readonly kind: ProbeKind;
  result: boolean;
  private readonly probe: Probe;
  private readonly target: ActionTarget;
  private readonly onChange: (ok: boolean) => void;
  private readonly onFail: (() => void) | undefined;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private successes = 0;
  private failures = 0;

  /** `onFail` hears every failed attempt (the kubelet records an Unhealthy event for each). */
  constructor(kind: ProbeKind, probe: Probe, target: ActionTarget, onChange: (ok: boolean) => void, onFail?: () => void) {
    this.kind = kind;
    this.probe = probe;
    this.target = target;
    this.onChange = onChange;
    this.onFail = onFail;
    // Readiness starts as failure, liveness as success; startup has no result until it passes.
    this.result = kind === 'liveness';
  }

  start(): void {
    this.nextAt = Date.now() + (this.probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds) * 1000;
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.abort.abort();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private schedule(): void {
    if (this.stopped) return;
    const period = Math.max(0.001, this.probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds) * 1000;
    const now = Date.now();
    while (this.nextAt < now - 1) this.nextAt += period;
    this.timer = setTimeout(() => void this.tick(period), Math.max(0, this.nextAt - now));
  }

  private async tick(period: number): Promise<void> {
    this.nextAt += period;
    const ok = await probeOnce(this.probe, this.target, this.abort.signal);
    if (this.stopped) return;
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (!this.result && this.successes >= (this.probe.successThreshold ?? PROBE_DEFAULTS.successThreshold)) this.flip(true);
    } else {
      this.successes = 0;
      this.failures++;
      this.onFail?.();
      if ((this.result || this.kind === 'startup') && this.failures >= (this.probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold)) {
        this.failures = 0;
        this.flip(false);
      }
    }
    this.schedule();
  }

  private flip(ok: boolean): void {
    this.result = ok;
    this.onChange(ok);
  }
}
