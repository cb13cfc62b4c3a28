import type { CoreV1Event, V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import type { TimelineSink } from '../../timeline/index.ts';
import type { KubeClients } from './kube-clients.ts';
import { type PodEvent, type PodMemory, podTransitions } from './pod-transitions.ts';
import { probeFailure } from './probe-events.ts';
import { ResourceWatch } from './resource-watch.ts';
import { diffEndpoints, type EndpointState, mergeSlices, sliceEndpoints } from './slice-diff.ts';

export interface KubeTimelineOptions {
  clients: KubeClients;
  namespace: string;
  /** Label selector of the Deployment's pods (a=b,c=d). */
  podSelector: string;
  service: string;
  sink: TimelineSink;
}

/**
 * Turns pod and EndpointSlice watches of one run namespace into timeline events, stamped when the
 * watch delivers them (API timestamps have one-second resolution; deletionTimestamp is the deadline),
 * and the kubelet's Unhealthy Events into `probe-failed` (best effort: a kubeconfig that may not
 * list Events only loses those).
 */
export class KubeTimeline {
  private readonly opts: KubeTimelineOptions;
  private readonly pods = new Map<string, PodMemory>();
  private readonly slices = new Map<string, Map<string, EndpointState>>();
  private endpoints = new Map<string, EndpointState>();
  private readonly watches: ResourceWatch<{ metadata?: { name?: string; resourceVersion?: string } }>[] = [];
  /** Watch failures that were retried, for notes. */
  retries = 0;

  constructor(opts: KubeTimelineOptions) {
    this.opts = opts;
  }

  /** Current endpoints (merged over slices) as the watch sees them. */
  endpointStates(): Map<string, EndpointState> {
    return new Map(this.endpoints);
  }

  async start(): Promise<void> {
    const { clients, namespace, podSelector, service } = this.opts;
    const onRetry = () => void this.retries++;
    const pods = new ResourceWatch<V1Pod>({
      kc: clients.kc,
      path: `/api/v1/namespaces/${namespace}/pods`,
      labelSelector: podSelector,
      list: () => clients.core.listNamespacedPod({ namespace, labelSelector: podSelector }),
      onEvent: (type, pod) => this.onPod(pod, type === 'DELETED'),
      onRetry,
    });
    const sliceSelector = `kubernetes.io/service-name=${service}`;
    const slices = new ResourceWatch<V1EndpointSlice>({
      kc: clients.kc,
      path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
      labelSelector: sliceSelector,
      list: () => clients.discovery.listNamespacedEndpointSlice({ namespace, labelSelector: sliceSelector }),
      onEvent: (type, slice) => this.onSlice(slice, type === 'DELETED'),
      onRetry,
    });
    const events = new ResourceWatch<CoreV1Event>({
      kc: clients.kc,
      path: `/api/v1/namespaces/${namespace}/events`,
      list: () => clients.core.listNamespacedEvent({ namespace }),
      onEvent: (type, ev) => this.onKubeEvent(ev, type === 'DELETED'),
      onRetry,
    });
    this.watches.push(pods as never, slices as never, events as never);
    await Promise.all([pods.start(), slices.start(), events.start().catch(onRetry)]);
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches.length = 0;
  }

  /** Stamped `t` (when the watch delivered them) unless an event carries its own time. */
  private emit(events: PodEvent[], t = Date.now()): void {
    for (const e of events) this.opts.sink.emit({ t, ...e });
  }

  private onPod(pod: V1Pod, gone: boolean): void {
    const name = pod.metadata?.name ?? '';
    const now = Date.now();
    const { events, mem } = podTransitions(this.pods.get(name), pod, gone, now);
    this.pods.set(name, mem);
    this.emit(events, now);
  }

  private onKubeEvent(ev: CoreV1Event, gone: boolean): void {
    const failure = gone ? undefined : probeFailure(ev);
    if (failure && this.pods.has(failure.pod!)) this.emit([failure]);
  }

  private onSlice(slice: V1EndpointSlice, gone: boolean): void {
    const name = slice.metadata?.name ?? '';
    if (gone) this.slices.delete(name);
    else this.slices.set(name, sliceEndpoints(slice));
    const next = mergeSlices(this.slices.values());
    this.emit(diffEndpoints(this.endpoints, next));
    this.endpoints = next;
  }
}
