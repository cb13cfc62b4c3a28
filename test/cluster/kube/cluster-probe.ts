import { readFile } from 'node:fs/promises';
import { CoreV1Api, type KubeConfig, PatchStrategy } from '@kubernetes/client-node';
import { loadKubeConfig, makeClients, patchOptions, probeApiServer } from '../../../src/cluster/kube/kube-clients.ts';
import { DRAINABLE_LABEL, schedulableNode } from '../../../src/cluster/kube/node-filter.ts';
import { nodePortMapping } from '../../../src/cluster/providers/kind/kind-provider.ts';
import { clusterExists, clusterStatus, kindBinary, readClusterSpec } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { imageExists } from '../../../src/offline-cluster/component-images.ts';
import { dockerAnswers } from '../../../src/offline-cluster/docker-setup.ts';
import { IMAGE_TAGS } from '../../../src/offline-cluster/paths.ts';

export interface ReachableCluster {
  name: string;
  kubeconfig: string;
  context: string;
}

/**
 * The kind cluster of `zerodrop cluster up` when it is running and its API server answers within
 * 3 s (this never creates one: that takes minutes); otherwise the reason to skip.
 */
export async function reachableKindCluster(): Promise<ReachableCluster | string> {
  const spec = await readClusterSpec();
  if (!(await dockerAnswers())) return 'no Docker daemon answers';
  try {
    await kindBinary();
  } catch {
    return 'kind is not built (zerodrop cluster image --offline)';
  }
  if (!(await clusterExists(spec.name).catch(() => false))) return `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;
  const status = await clusterStatus().catch(() => undefined);
  if (!status?.running) return `kind cluster "${spec.name}" does not answer kind get kubeconfig`;
  const context = `kind-${spec.name}`;
  try {
    await probeApiServer(makeClients(loadKubeConfig({ kubeconfig: status.kubeconfig, context })), 3000);
  } catch (err) {
    return (err as Error).message;
  }
  if (!(await imageExists(IMAGE_TAGS.appBase))) return `base image ${IMAGE_TAGS.appBase} is not built (zerodrop cluster image --offline)`;
  // The kind provider pins the one NodePort mapped to the host: a run (or test) using it now wins.
  const { nodePort } = nodePortMapping(await readFile(spec.configPath, 'utf8'), spec.configPath);
  const core = loadKubeConfig({ kubeconfig: status.kubeconfig, context }).makeApiClient(CoreV1Api);
  const holder = (await core.listServiceForAllNamespaces({})).items.find((s) => s.spec?.ports?.some((p) => p.nodePort === nodePort));
  if (holder)
    return `NodePort ${nodePort} is in use by Service ${holder.metadata?.namespace}/${holder.metadata?.name} (another run on this cluster)`;
  return { name: spec.name, kubeconfig: status.kubeconfig, context };
}

/** Labels (or unlabels) every schedulable node zerodrop.dev/drainable=true, for the kubeconfig provider's drain guard. */
export async function labelDrainable(kubeconfig: string, context: string, on: boolean): Promise<void> {
  const kc: KubeConfig = loadKubeConfig({ kubeconfig, context });
  const core = kc.makeApiClient(CoreV1Api);
  const nodes = (await core.listNode()).items.filter(schedulableNode);
  for (const n of nodes) {
    const body = { metadata: { labels: { [DRAINABLE_LABEL]: on ? 'true' : null } } };
    await core.patchNode({ name: n.metadata!.name!, body }, patchOptions(PatchStrategy.MergePatch));
  }
}
