import type { V1Node } from '@kubernetes/client-node';
import type { AgentConfig } from '../../../load/index.ts';
import { defaultMaxConnections } from '../../../load/index.ts';
import type { StreamPlan } from '../../../load/index.ts';
import { loadJobManifest, type LoadJobOptions } from './load-job.ts';
import type { ApplyObject } from '../manifest-transform.ts';
import { schedulableNode } from '../node-filter.ts';

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

/** How the run's load is laid out over the cluster, before anything is created. */
export interface LoadJobInput {
  namespace: string;
  run: string;
  image: string;
  pullPolicy?: LoadJobOptions['pullPolicy'];
  /** --load-pods; default: one per eligible node. */
  count?: number;
  hostNetwork: boolean;
  tolerateControlPlane: boolean;
  /** Where the pods send: the Service's ClusterIP and port, or (host network) each node's NodePort. */
  target: { clusterIP: string; port: number; nodePort?: number; path: string };
  streams: StreamPlan[];
  maxConnections: number;
  timeoutMs: number;
  reconnectEvery: number;
  maxRunSeconds: number;
}

/** Nodes a load pod may run on: schedulable, or (tolerated) tainted only as a control plane. */
export function eligibleNodes(nodes: readonly V1Node[], tolerateControlPlane: boolean): string[] {
  return nodes.filter((n) => {
    if (schedulableNode(n)) return true;
    if (!tolerateControlPlane || n.spec?.unschedulable) return false;
    const ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    const blocking = (n.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    return ready && blocking.every((t) => t.key === CONTROL_PLANE_TAINT && t.effect === 'NoSchedule');
  }).map((n) => n.metadata?.name ?? '').sort();
}

/** One pod's share of the schedule: every stream's rate divided by `count` (to 0.001 req/s). */
export function shareOf(streams: readonly StreamPlan[], count: number): StreamPlan[] {
  return streams.map((s) => ({ name: s.name, rate: Math.round((s.rate / count) * 1000) / 1000 }));
}

/** The Job's settings and every pod's agent config for `nodes` eligible nodes. */
export function planLoadJob(i: LoadJobInput, nodes: number): LoadJobOptions {
  const count = Math.max(1, i.count ?? nodes);
  const streams = shareOf(i.streams, count);
  const rate = streams.reduce((n, s) => n + s.rate, 0);
  const config: AgentConfig = {
    target: i.hostNetwork ? { host: '', port: i.target.nodePort ?? 0, path: i.target.path } : { host: i.target.clusterIP, port: i.target.port, path: i.target.path },
    streams,
    maxConnections: i.maxConnections > 0 ? Math.ceil(i.maxConnections / count) : defaultMaxConnections(rate, i.timeoutMs),
    timeoutMs: i.timeoutMs,
    reconnectEvery: i.reconnectEvery,
    controlPort: 0,
    maxRunSeconds: i.maxRunSeconds,
  };
  return {
    namespace: i.namespace, run: i.run, image: i.image, pullPolicy: i.pullPolicy, count, config,
    hostNetwork: i.hostNetwork, tolerateControlPlane: i.tolerateControlPlane,
    spread: count <= nodes ? 'required' : 'preferred',
    activeDeadlineSeconds: i.maxRunSeconds + 300,
  };
}

/** The Job object a run would create (dry run: printed; run: created). */
export function loadJobObject(i: LoadJobInput, nodes: number): ApplyObject {
  return loadJobManifest(planLoadJob(i, nodes));
}
