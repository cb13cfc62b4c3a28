import type { TimelineSink } from '../../../../timeline/index.ts';
import type { ProxyEndpoint } from './l4-proxy.ts';
import type { ServiceDataPath } from './service-data-path.ts';

/**
 * Default delay between a pod's change and the Service's data path applying it. Removals: 1200 ms,
 * measured on the offline kind cluster (Kubernetes v1.34.4, 2 vCPUs) by `npm run measure:propagation`
 * (scripts/measure-propagation.ts) on 2026-12-07: from a pod's deletion to the start of the last new
 * connection it answered, 774 to 1139 ms (median 1059 ms) over 8 pods, rounded up past the maximum.
 * Adds: 1000 ms, not measured (the same chain: pod update -> EndpointSlice controller -> watch ->
 * kube-proxy sync, whose minimum period in iptables mode is about 1 s).
 */
export const DEFAULT_PROPAGATION_DELAY_MS: Readonly<PropagationDelay> = Object.freeze({ addMs: 1000, removeMs: 1200 });

/** Where each default comes from, for the report's note. */
export const PROPAGATION_SOURCE = {
  addMs: 'not measured',
  removeMs: 'measured on kind by npm run measure:propagation: at most 1139 ms over 8 pods',
} as const;

export interface PropagationDelay {
  /** Delay before an endpoint that became ready receives new connections. */
  addMs: number;
  /** Delay before any other change (unready, terminating, gone) reaches the data path. */
  removeMs: number;
}

/** What the endpoints controller needs to know of a pod. */
export interface EndpointPodView {
  name: string;
  node?: string;
  /** Unset while the pod is not running (pending, gone). */
  ip?: string;
  labels: Record<string, string>;
  /** The pod's Ready condition (the kubelet keeps probing terminating pods). */
  ready: boolean;
  /** deletionTimestamp is set. */
  terminating: boolean;
}

export interface EndpointsControllerOptions {
  selector: Record<string, string>;
  /** Resolved targetPort: the containerPort new connections go to. */
  targetPort: number;
  proxy: ServiceDataPath;
  timeline: TimelineSink;
  delay?: Partial<PropagationDelay>;
}

type Conditions = Omit<ProxyEndpoint, 'pod'>;

/**
 * Tracks the pods matching a Service's selector as EndpointSlice-style endpoints (ready, serving,
 * terminating) and applies each change to the L4 proxy after the propagation delay. Emits
 * `endpoint-added` / `endpoint-removed` when the set of endpoints receiving new connections actually
 * changes (which includes the KEP-1669 fallback to serving-and-terminating endpoints).
 */
export class EndpointsController {
  private readonly opts: EndpointsControllerOptions;
  private readonly delay: PropagationDelay;
  /** Latest desired state per pod (what the EndpointSlice says now). */
  private readonly desired = new Map<string, Conditions>();
  /** State the data path has, per pod, and the sequence number it was applied with. */
  private readonly applied = new Map<string, { seq: number; ep?: ProxyEndpoint }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;
  private stopped = false;

  constructor(opts: EndpointsControllerOptions) {
    this.opts = opts;
    this.delay = { ...DEFAULT_PROPAGATION_DELAY_MS, ...opts.delay };
  }

  get propagationDelay(): PropagationDelay {
    return { ...this.delay };
  }

  /** Feed the current list of pods (level-triggered: call on every pod change). */
  observe(pods: readonly EndpointPodView[]): void {
    if (this.stopped) return;
    const adds: Change[] = [];
    const others: Change[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      if (!pod.ip || !matches(this.opts.selector, pod.labels)) continue;
      seen.add(pod.name);
      const next: Conditions = {
        node: pod.node,
        host: pod.ip,
        port: this.opts.targetPort,
        ready: pod.ready && !pod.terminating,
        serving: pod.ready,
        terminating: pod.terminating,
      };
      const prev = this.desired.get(pod.name);
      if (prev && sameConditions(prev, next)) continue;
      this.desired.set(pod.name, next);
      const change = { pod: pod.name, seq: ++this.seq, ep: { pod: pod.name, ...next } };
      (!(prev?.ready ?? false) && next.ready ? adds : others).push(change);
    }
    for (const name of [...this.desired.keys()]) {
      if (seen.has(name)) continue;
      this.desired.delete(name);
      others.push({ pod: name, seq: ++this.seq });
    }
    // Changes seen together reach the data path together (one kube-proxy sync).
    this.schedule(adds, this.delay.addMs);
    this.schedule(others, this.delay.removeMs);
  }

  /** True when every change observed so far has reached the data path. */
  get inSync(): boolean {
    return this.timers.size === 0;
  }

  /** Cancels pending propagation. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(changes: Change[], ms: number): void {
    if (changes.length === 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.apply(changes);
    }, ms);
    this.timers.add(timer);
  }

  private apply(changes: readonly Change[]): void {
    for (const c of changes) {
      const cur = this.applied.get(c.pod);
      // A later change of this pod already reached the data path (adds may overtake removals).
      // A removed pod stays as a tombstone, so a stale earlier change cannot resurrect it.
      if (!cur || cur.seq < c.seq) this.applied.set(c.pod, { seq: c.seq, ep: c.ep });
    }
    const before = new Map(this.opts.proxy.eligible().map((e) => [e.pod, e.node]));
    const list: ProxyEndpoint[] = [];
    for (const a of this.applied.values()) if (a.ep) list.push(a.ep);
    this.opts.proxy.setEndpoints(list);
    const now = Date.now();
    for (const e of this.opts.proxy.eligible()) {
      if (!before.delete(e.pod)) this.opts.timeline.emit({ t: now, kind: 'endpoint-added', pod: e.pod, node: e.node });
    }
    for (const [gone, node] of before) this.opts.timeline.emit({ t: now, kind: 'endpoint-removed', pod: gone, node });
  }
}

interface Change {
  pod: string;
  seq: number;
  /** Undefined: the endpoint is gone. */
  ep?: ProxyEndpoint;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

function sameConditions(a: Conditions, b: Conditions): boolean {
  return a.host === b.host && a.port === b.port && a.ready === b.ready && a.serving === b.serving && a.terminating === b.terminating;
}
