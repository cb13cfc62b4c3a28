import { randomBytes } from 'node:crypto';
import { BatchV1Api, type V1Pod } from '@kubernetes/client-node';
import type { LoadPod, LoadPods, LoadPodsRequest } from '../../../load/index.ts';
import { waitFor } from '../../../util/index.ts';
import { apiError } from '../api-error.ts';
import type { KubeClients } from '../kube-clients.ts';
import { PodLogFollower } from '../pod-log-follow.ts';
import { describeStuckPods } from '../stuck-pods.ts';
import { COMPLETION_INDEX_LABEL, LOAD_CONTAINER, LOAD_JOB_NAME, LOAD_POD_SELECTOR, loadJobManifest, TOKEN_SECRET } from './load-job.ts';
import { eligibleNodes, type LoadJobInput, planLoadJob } from './load-job-plan.ts';
import { agentState, containerOf, KubeLoadPods } from './load-job-pods.ts';

export interface StartLoadJobOptions extends Omit<LoadJobInput, 'plan' | 'maxRunSeconds'> {
  clients: KubeClients;
  request: LoadPodsRequest;
}

/** Waits until all `count` pods of the Job are scheduled and their agent runs; returns them by loader index. */
async function waitAgentsRunning(
  c: KubeClients,
  namespace: string,
  count: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<V1Pod[]> {
  let pods: V1Pod[] = [];
  const list = async () =>
    (await c.core.listNamespacedPod({ namespace, labelSelector: LOAD_POD_SELECTOR })).items.filter((p) => !p.metadata?.deletionTimestamp);
  await waitFor(
    async () => {
      pods = await list();
      const running = pods.filter((p) => p.spec?.nodeName && containerOf(p)?.state?.running);
      return running.length >= count ? { done: true } : { done: false, waiting: `${running.length} of ${count} load pods running` };
    },
    {
      what: `load pods (Job ${namespace}/${LOAD_JOB_NAME})`,
      timeoutMs,
      signal,
      explain: async () => `load pods: ${describeStuckPods(await list().catch(() => [])) || 'none created'}`,
    },
  );
  const index = (p: V1Pod) => Number(p.metadata?.labels?.[COMPLETION_INDEX_LABEL] ?? -1);
  return pods.filter((p) => containerOf(p)?.state?.running).sort((a, b) => index(a) - index(b));
}

/**
 * Starts the run's load pods: creates the Indexed Job (one pod per eligible node unless --load-pods
 * says otherwise), waits until every agent runs, follows every pod's log into the request's
 * AgentStream and waits for each agent's first line. The pods go with the run namespace.
 */
export async function startLoadJob(o: StartLoadJobOptions): Promise<LoadPods> {
  const { clients: c, namespace, request: r } = o;
  const nodes = await c.core.listNode().catch((err: unknown) => {
    throw apiError('list nodes', err);
  });
  const eligible = eligibleNodes(nodes.items, o.tolerateControlPlane);
  // The agents' control token: only who holds it (this process) starts and stops them, not any pod that reaches their port.
  const token = randomBytes(24).toString('hex');
  await c.core
    .createNamespacedSecret({ namespace, body: { metadata: { name: TOKEN_SECRET }, type: 'Opaque', stringData: { token } } })
    .catch((err: unknown) => {
      throw apiError(`create Secret ${namespace}/${TOKEN_SECRET}`, err);
    });
  const job = planLoadJob({ ...o, plan: r.plan, maxRunSeconds: r.maxRunSeconds, tokenSecret: TOKEN_SECRET }, eligible.length);
  const batch = c.kc.makeApiClient(BatchV1Api);
  await batch.createNamespacedJob({ namespace, body: loadJobManifest(job) }).catch((err: unknown) => {
    throw apiError(`create Job ${namespace}/${LOAD_JOB_NAME}`, err);
  });
  const raw = await waitAgentsRunning(c, namespace, job.count, r.waitTimeoutMs, r.signal);
  const followers: PodLogFollower[] = [];
  const pods: LoadPod[] = raw.slice(0, job.count).map((p, loader) => {
    const name = p.metadata?.name ?? '';
    const stream = r.streamFor(loader, name);
    followers.push(
      new PodLogFollower({
        clients: c,
        namespace,
        pod: name,
        container: LOAD_CONTAINER,
        stream,
        state: () => agentState(c, namespace, name),
      }),
    );
    return { loader, name, node: p.spec?.nodeName ?? '', streams: job.config.streams, stream };
  });
  const handle = new KubeLoadPods(c, namespace, pods, followers, describeTarget(o), token);
  try {
    await waitFor(
      () => {
        const silent = pods.filter((p) => !p.stream.current).map((p) => p.name);
        return silent.length ? { done: false, waiting: `no first line from ${silent.join(', ')}` } : { done: true };
      },
      { what: 'load agents starting', timeoutMs: r.waitTimeoutMs, signal: r.signal, intervalMs: 100 },
    );
  } catch (err) {
    handle.close();
    throw err;
  }
  return handle;
}

function describeTarget(o: StartLoadJobOptions): string {
  return o.hostNetwork
    ? `from each node's host network to its own NodePort ${o.target.nodePort ?? '?'}`
    : `from the pod network to the Service's ClusterIP ${o.target.clusterIP}:${o.target.port}`;
}
