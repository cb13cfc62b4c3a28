import type { V1Node } from '@kubernetes/client-node';
import type { AgentConfig, LoadPlan } from '../../../load/index.ts';
import { sharePlan } from '../../../load/index.ts';
import type { ApplyObject } from '../manifest-transform.ts';
import { schedulableNode } from '../node-filter.ts';
import { type LoadJobOptions, loadJobManifest } from './load-job.ts';

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
  target: { clusterIP: string; port: number; nodePort?: number };
  /** The run's whole load; each pod runs its share (the path is the plan's). */
  plan: LoadPlan;
  maxRunSeconds: number;
  /** Secret holding the agents' control token (load-job.ts TOKEN_SECRET). */
  tokenSecret?: string;
}

/** Nodes a load pod may run on: schedulable, or (tolerated) tainted only as a control plane. */
export function eligibleNodes(nodes: readonly V1Node[], tolerateControlPlane: boolean): string[] {
  return nodes
    .filter((n) => {
      if (schedulableNode(n)) return true;
      if (!tolerateControlPlane || n.spec?.unschedulable) return false;
      const ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      const blocking = (n.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
      return ready && blocking.every((t) => t.key === CONTROL_PLANE_TAINT && t.effect === 'NoSchedule');
    })
    .map((n) => n.metadata?.name ?? '')
    .sort();
}

/** The Job's settings and every pod's agent config for `nodes` eligible nodes. */
export function planLoadJob(i: LoadJobInput, nodes: number): LoadJobOptions {
  const count = Math.max(1, i.count ?? nodes);
  const share = sharePlan(i.plan, count);
  const path = i.plan.settings.path;
  const config: AgentConfig = {
    target: i.hostNetwork ? { host: '', port: i.target.nodePort ?? 0, path } : { host: i.target.clusterIP, port: i.target.port, path },
    streams: share.streams,
    maxConnections: share.maxConnections,
    timeoutMs: share.timeoutMs,
    reconnectEvery: share.reconnectEvery,
    pool: share.pool,
    controlPort: 0,
    maxRunSeconds: i.maxRunSeconds,
  };
  return {
    namespace: i.namespace,
    run: i.run,
    image: i.image,
    pullPolicy: i.pullPolicy,
    count,
    config,
    hostNetwork: i.hostNetwork,
    tolerateControlPlane: i.tolerateControlPlane,
    spread: count <= nodes ? 'required' : 'preferred',
    activeDeadlineSeconds: i.maxRunSeconds + 300,
    ...(i.tokenSecret ? { tokenSecret: i.tokenSecret } : {}),
  };
}

/** The Job object a run would create (dry run: printed; run: created). */
export function loadJobObject(i: LoadJobInput, nodes: number): ApplyObject {
  return loadJobManifest(planLoadJob(i, nodes));
}
