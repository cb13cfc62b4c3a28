/**
 * The kubeconfig provider against a real API server, controller manager and scheduler running on
 * this host (no kubelet: FakeKubelet marks pods running and finishes deleted ones). Checks what only
 * a real API server can: server-side apply, the Deployment controller's rollout status, policy/v1
 * eviction against a real PodDisruptionBudget, watches, the node guard and namespace deletion.
 * Skips with the reason when the offline Kubernetes binaries are not built.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../../src/cluster/kube/kube-clients.ts';
import type { Workload } from '../../../src/cluster/provider.ts';
import { KubeconfigProvider } from '../../../src/cluster/providers/kubeconfig/kubeconfig-provider.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import type { TimelineEvent } from '../../../src/timeline/types.ts';
import { type ControlPlane, startControlPlane } from './control-plane.ts';
import { FakeKubelet } from './fake-kubelet.ts';

const cp = await startControlPlane();
const reason = typeof cp === 'string' ? cp : '';

describe.skipIf(reason !== '')(`kubeconfig provider on a local control plane${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const plane = cp as ControlPlane;
  const events: TimelineEvent[] = [];
  let kc: KubeConfig;
  let kubelet: FakeKubelet;
  let provider: KubeconfigProvider;
  let w: Workload;
  let namespace = '';
  const ofKind = (kind: string) => events.filter((e) => e.kind === kind);

  beforeAll(async () => {
    kc = loadKubeConfig({ kubeconfig: plane.kubeconfig });
    kubelet = new FakeKubelet(kc, ['w1', 'w2']);
    await kubelet.start();
    await kc
      .makeApiClient(CoreV1Api)
      .patchNode(
        { name: 'w1', body: { metadata: { labels: { 'zerodrop.dev/drainable': 'true' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    provider = new KubeconfigProvider({ kubeconfig: plane.kubeconfig, run: 'cp' });
    await provider.up();
    w = await provider.deploy(await readScenario(findScenarioRoot(), 'prestop-sleep'), {
      emit: (e) => events.push({ t: Date.now(), ...e }),
    });
    namespace = 'zerodrop-cp-prestop-sleep';
    await w.waitSettled(60_000);
  }, 120_000);

  afterAll(async () => {
    await provider?.down().catch(() => undefined);
    kubelet?.stop();
    await plane.stop();
  }, 60_000);

  it('applies the scenario into its own namespace and reaches it through a node address and the NodePort', async () => {
    const svc = await kc.makeApiClient(CoreV1Api).readNamespacedService({ name: 'prestop-sleep', namespace });
    expect(svc.spec?.type).toBe('NodePort');
    expect(w.target).toEqual({ host: '10.1.0.11', port: svc.spec?.ports?.[0]?.nodePort });
    const dep = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'prestop-sleep', namespace });
    expect(dep.metadata?.managedFields?.some((f) => f.manager === 'zerodrop' && f.operation === 'Apply')).toBe(true);
    const pods = await w.pods();
    expect(pods.filter((p) => p.ready)).toHaveLength(2);
    for (const p of pods) {
      expect(events.some((e) => e.kind === 'pod-created' && e.pod === p.name)).toBe(true);
      expect(events.some((e) => e.kind === 'endpoint-added' && e.pod === p.name)).toBe(true);
    }
  });

  it('rolls out a restart and times each old pod from deletion to endpoint removal', async () => {
    const before = (await w.pods()).map((p) => p.name);
    await w.restart();
    await w.waitRolloutComplete(60_000);
    await w.waitSettled(60_000);
    const after = (await w.pods()).map((p) => p.name);
    expect(after.some((n) => before.includes(n))).toBe(false);
    for (const old of before) {
      const deleted = ofKind('pod-deleted').find((e) => e.pod === old);
      const removed = ofKind('endpoint-removed').find((e) => e.pod === old);
      expect(deleted?.detail).toBe('grace 5s');
      expect(removed?.detail).toBe('ready=false serving=true terminating=true');
      expect(ofKind('exit').find((e) => e.pod === old)?.detail).toBe('137');
      expect(ofKind('sigkill').some((e) => e.pod === old)).toBe(true);
    }
  });

  it('gets 429 from the PodDisruptionBudget on the second eviction', async () => {
    const [a, b] = await w.pods();
    expect(await w.evict(a.name)).toEqual({ ok: true });
    const refused = await w.evict(b.name);
    expect(refused).toMatchObject({ ok: false, status: 429 });
    if (!refused.ok) expect(refused.reason).toMatch(/disruption budget/);
    await w.waitSettled(60_000);
  });

  it('cordons only labelled nodes', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    expect(await w.nodes()).toEqual(['w1']);
    await expect(w.cordon('w2', true)).rejects.toThrow(/refusing to cordon node w2/);
    expect((await core.readNode({ name: 'w2' })).spec?.unschedulable).toBeFalsy();
    await w.cordon('w1', true);
    expect((await core.readNode({ name: 'w1' })).spec?.unschedulable).toBe(true);
    await w.cordon('w1', false);
    expect((await core.readNode({ name: 'w1' })).spec?.unschedulable).toBeFalsy();
  });

  it('names the stuck pods and why when a rollout cannot complete', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const cordon = (name: string, on: boolean) =>
      core.patchNode({ name, body: { spec: { unschedulable: on } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await cordon('w1', true);
    await cordon('w2', true);
    try {
      await w.restart();
      const err = await w.waitRolloutComplete(3000).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect(err?.message).toMatch(
        /^rollout of deployment zerodrop-cp-prestop-sleep\/prestop-sleep: still 1 of 2 replicas updated after 3 s; stuck pods: prestop-sleep-\S+ \(PodScheduled=False Unschedulable: 0\/2 nodes are available/,
      );
      expect(err?.message.includes('\n')).toBe(false);
    } finally {
      await cordon('w1', false);
      await cordon('w2', false);
    }
    await w.waitRolloutComplete(60_000);
  });

  it('removes its namespace and waits until it is gone', async () => {
    await w.remove();
    await w.remove();
    const err = await kc
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: namespace })
      .catch((e: { code?: number }) => e);
    expect((err as { code?: number }).code).toBe(404);
  });
});
