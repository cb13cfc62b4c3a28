/**
 * On the real kind cluster: a workload zerodrop did not deploy, made here with the test's own
 * client-node calls (a namespace, a Deployment of 3 replicas, a ClusterIP Service, a PDB), then
 * `zerodrop run --provider kubeconfig --target deployment/web -n NS --load-from cluster` with each
 * disruption. Each run completes with figures for the Service route and the catalogue's verdict for
 * the same settings (a preStop sleep, as prestop-sleep: lossless), and the Deployment's spec
 * (but the restart annotation a rollout writes, as kubectl does), its replicas and the nodes'
 * cordons are as before. Runs only with ZERODROP_KIND_E2E=1 and a cluster from `zerodrop cluster up`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchStrategy, RbacAuthorizationV1Api, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClients, loadKubeConfig, makeClients, patchOptions } from '../../../src/cluster/kube/kube-clients.ts';
import { DRAINABLE_LABEL } from '../../../src/cluster/kube/node-filter.ts';
import { podProxy } from '../../../src/cluster/kube/pod-proxy.ts';
import { AGENT_CONTROL_PORT, AGENT_TOKEN_HEADER } from '../../../src/load/agent/agent-config.ts';
import type { ReportModel } from '../../../src/metrics/result/report-model.ts';
import { buildScenarioImage } from '../../../src/offline-cluster/app-base-image.ts';
import { loadImage } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { IMAGE_TAGS } from '../../../src/offline-cluster/paths.ts';
import { buildZerodropImage } from '../../../src/offline-cluster/zerodrop-image.ts';
import { BIN, runCli } from '../../cli/run-cli.ts';
import { type ReachableCluster, reachableKindCluster } from '../kube/cluster-probe.ts';

const gate = process.env.ZERODROP_KIND_E2E === '1' ? await reachableKindCluster() : 'set ZERODROP_KIND_E2E=1 to run (about five minutes)';
const reason = typeof gate === 'string' ? gate : '';
const NS = `shop-${Date.now().toString(36)}`;
const IMAGE = 'zerodrop/prestop-sleep:dev';
const labels = { app: 'web' };

/** The spec as its owner wrote it: without the restart annotation a rollout adds (kubectl rollout restart writes the same). */
function ownSpec(d: V1Deployment): unknown {
  const spec = structuredClone(d.spec!);
  delete spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
  if (spec.template.metadata?.annotations && Object.keys(spec.template.metadata.annotations).length === 0)
    delete spec.template.metadata.annotations;
  return spec;
}

describe.skipIf(reason !== '')(`a live Deployment as the target${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const cluster = gate as ReachableCluster;
  let c: KubeClients;
  let agent = '';
  let dir = '';
  const drainable: string[] = [];

  beforeAll(async () => {
    c = makeClients(loadKubeConfig({ kubeconfig: cluster.kubeconfig, context: cluster.context }));
    await buildScenarioImage('prestop-sleep', IMAGE, IMAGE_TAGS.appBase);
    await loadImage(IMAGE);
    agent = (await buildZerodropImage()).contentTag;
    await loadImage(agent);
    dir = await mkdtemp(join(tmpdir(), 'zd-live-'));
    // The app: prestop-sleep's image as its owner would run it, in a namespace of its own.
    await c.core.createNamespace({ body: { metadata: { name: NS } } });
    await c.apps.createNamespacedDeployment({
      namespace: NS,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: labels },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: 5,
              containers: [
                {
                  name: 'app',
                  image: IMAGE,
                  imagePullPolicy: 'IfNotPresent',
                  ports: [{ containerPort: 8080 }],
                  env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                  readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 1 },
                  lifecycle: { preStop: { exec: { command: ['sleep', '3'] } } },
                },
              ],
            },
          },
        },
      },
    });
    await c.core.createNamespacedService({
      namespace: NS,
      body: { metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    await c.policy.createNamespacedPodDisruptionBudget({
      namespace: NS,
      body: { metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
    });
    // Drains on the kubeconfig provider take only labelled nodes: the two workers.
    for (const n of (await c.core.listNode()).items.map((x) => x.metadata!.name!).filter((n) => n.includes('worker'))) {
      const body = { metadata: { labels: { [DRAINABLE_LABEL]: 'true' } } };
      await c.core.patchNode({ name: n, body }, patchOptions(PatchStrategy.MergePatch));
      drainable.push(n);
    }
  }, 600_000);

  /** `zerodrop run` on the kubeconfig provider (the kind cluster's context, allowed) against deployment/NAME in the test's namespace. */
  const liveRun = (name: string) => [
    'run',
    '--provider',
    'kubeconfig',
    '--kubeconfig',
    cluster.kubeconfig,
    '--context',
    cluster.context,
    '--allow-context',
    cluster.context,
    '--target',
    `deployment/${name}`,
    '-n',
    NS,
  ];

  /** The resourceVersion of the Deployment once settled: its status no longer changes, so only a change by the run moves it. */
  async function settledVersion(): Promise<string | undefined> {
    for (let i = 0; i < 120; i++) {
      const d = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
      const st = d.status;
      if (
        st?.observedGeneration === d.metadata?.generation &&
        st?.availableReplicas === 3 &&
        st?.updatedReplicas === 3 &&
        st?.replicas === 3
      )
        break;
      await new Promise((res) => setTimeout(res, 500));
    }
    await new Promise((res) => setTimeout(res, 2000));
    return (await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).metadata?.resourceVersion;
  }

  afterAll(async () => {
    for (const n of drainable) {
      const body = { metadata: { labels: { [DRAINABLE_LABEL]: null } } };
      await c.core.patchNode({ name: n, body }, patchOptions(PatchStrategy.MergePatch)).catch(() => undefined);
    }
    await c?.core.deleteNamespace({ name: NS }).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['rollout', 'delete', 'scale-down', 'drain'])(
    '%s completes with figures for the service route and leaves spec, replicas and cordons as they were',
    async (disruption) => {
      const before = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
      const nodesBefore = (await c.core.listNode()).items.map((n) => [n.metadata!.name, !!n.spec?.unschedulable]);
      const out = join(dir, disruption);
      const r = await runCli(
        [
          ...liveRun('web'),
          '--disruption',
          disruption,
          '--load-from',
          'cluster',
          '--load-image',
          agent,
          '--baseline-seconds',
          '3',
          '--recovery-seconds',
          '3',
          '--out',
          out,
        ],
        { timeoutMs: 300_000 },
      );
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
      const s = report.scenarios[0];
      // The app has a 3 s preStop sleep and drains on SIGTERM: as the catalogue's prestop-sleep, lossless.
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(s.verdict).toBe('lossless');
      expect(s.name).toBe('web');
      expect(s.disruption).toBe(disruption);
      const sent = s.phases.reduce((n, p) => n + p.sent, 0);
      // 20 req/s (the live default) over 3 + the disruption + 3 seconds.
      expect(sent).toBeGreaterThan(100);
      const after = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
      expect(ownSpec(after)).toEqual(ownSpec(before));
      expect(after.spec?.replicas).toBe(3);
      expect(after.metadata?.annotations?.['zerodrop.dev/scaled-from']).toBeUndefined();
      const nodesAfter = (await c.core.listNode()).items.map((n) => [n.metadata!.name, !!n.spec?.unschedulable]);
      expect(nodesAfter).toEqual(nodesBefore);
      // Nothing of zerodrop's is left in the app's namespace.
      const pods = (await c.core.listNamespacedPod({ namespace: NS })).items.filter((p) => !p.metadata?.labels?.app);
      expect(pods.map((p) => p.metadata?.name)).toEqual([]);
    },
    360_000,
  );

  it('a context that may not evict or cordon gets one line naming what it lacks, before any change', async () => {
    // A ServiceAccount that may read the app but neither evict its pods nor patch nodes.
    const rbac = c.kc.makeApiClient(RbacAuthorizationV1Api);
    await c.core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'reader' } } });
    const read = ['get', 'list', 'watch'];
    await rbac.createNamespacedRole({
      namespace: NS,
      body: {
        metadata: { name: 'reader' },
        rules: [
          { apiGroups: ['apps'], resources: ['deployments'], verbs: read },
          { apiGroups: [''], resources: ['pods', 'services'], verbs: read },
          { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: NS,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: NS }],
      },
    });
    const token = await c.core.createNamespacedServiceAccountToken({
      name: 'reader',
      namespace: NS,
      body: { spec: { expirationSeconds: 600 } },
    });
    const cl = c.kc.getCurrentCluster()!;
    const kubeconfig = join(dir, 'reader.kubeconfig');
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'kind', cluster: { server: cl.server, 'certificate-authority-data': cl.caData } }],
        users: [{ name: 'reader', user: { token: token.status?.token } }],
        contexts: [{ name: 'reader', context: { cluster: 'kind', user: 'reader', namespace: NS } }],
        'current-context': 'reader',
      }),
    );
    const before = await settledVersion();
    const namespaces = (await c.core.listNamespace()).items.length;
    const r = await runCli(
      [
        'run',
        '--provider',
        'kubeconfig',
        '--kubeconfig',
        kubeconfig,
        '--allow-context',
        'reader',
        '--target',
        'deployment/web',
        '-n',
        NS,
        '--disruption',
        'drain',
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('zerodrop: '));
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain('context reader may not patch nodes, create pods/eviction in ' + NS);
    expect((await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).metadata?.resourceVersion).toBe(before);
    expect((await c.core.listNamespace()).items.length).toBe(namespaces);
  }, 180_000);

  it('--dry-run prints the plan for the live Deployment and changes nothing', async () => {
    const rv = async () => (await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).metadata?.resourceVersion;
    const namespaces = async () => (await c.core.listNamespace()).items.map((n) => n.metadata?.name).sort();
    const before = { rv: await settledVersion(), namespaces: await namespaces() };
    const r = await runCli([...liveRun('web'), '--disruption', 'scale-down', '--load-from', 'cluster', '--dry-run'], {
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`read deployment ${NS}/web (3 replicas), Service web, PodDisruptionBudget web: deploy nothing of the app`);
    expect(r.stdout).toContain(`scale-down: annotate deployment ${NS}/web zerodrop.dev/scaled-from, scale 3 → 3 − k`);
    expect(r.stdout).toContain('restore deployment');
    expect(r.stdout).toMatch(/create Job zerodrop-.*-web-load/);
    expect(await rv()).toBe(before.rv);
    expect(await namespaces()).toEqual(before.namespaces);
  }, 180_000);

  /** The CLI against the live target, started in the background: its exit code and output. */
  function startLive(disruption: string) {
    const args = [...liveRun('web'), '--disruption', disruption];
    args.push('--load-from', 'cluster', '--load-image', agent, '--baseline-seconds', '2', '--out', join(dir, `bg-${disruption}`));
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const exit = new Promise<number | null>((r) => child.on('close', (code, signal) => r(code ?? (signal ? -1 : null))));
    return { child, exit, output: () => out };
  }

  async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
      const v = await fn();
      if (v !== undefined) return v;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('Ctrl-C during a drain of the target leaves no node cordoned; the load pods are restricted and answer only the token', async () => {
    // A budget that refuses every eviction holds the drain on its cordoned node until the interrupt.
    await c.policy.createNamespacedPodDisruptionBudget({
      namespace: NS,
      body: { metadata: { name: 'hold' }, spec: { maxUnavailable: 0, selector: { matchLabels: labels } } },
    });
    try {
      const cli = startLive('drain');
      const cordoned = await until('a cordoned node', async () => {
        const n = (await c.core.listNode()).items.find((x) => x.spec?.unschedulable);
        return n?.metadata?.name;
      });
      expect(drainable).toContain(cordoned);
      // The load pods run in a namespace that enforces Pod Security's restricted profile, and their
      // control port answers only requests carrying the run's token (from its Secret).
      const loadNs = (await c.core.listNamespace()).items.find(
        (n) => n.metadata?.name?.endsWith('-web-load') && !n.metadata.deletionTimestamp,
      )!;
      expect(loadNs.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
      const namespace = loadNs.metadata!.name!;
      const pod = (await c.core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/name=zerodrop-load-agent' })).items[0];
      const at = { namespace, pod: pod.metadata!.name!, port: AGENT_CONTROL_PORT };
      await expect(podProxy(c, at, 'GET', 'clock', 5000)).rejects.toThrow(/HTTP 403/);
      await expect(podProxy(c, at, 'GET', 'clock', 5000, { [AGENT_TOKEN_HEADER]: 'not-the-token' })).rejects.toThrow(/HTTP 403/);
      const secret = await c.core.readNamespacedSecret({ name: 'zerodrop-load-token', namespace });
      const token = Buffer.from(secret.data!.token, 'base64').toString('utf8');
      expect(await podProxy(c, at, 'GET', 'clock', 5000, { [AGENT_TOKEN_HEADER]: token })).toMatchObject({ now: expect.any(Number) });
      cli.child.kill('SIGINT');
      expect(await cli.exit, cli.output().slice(-2000)).toBe(130);
      expect((await c.core.listNode()).items.filter((n) => n.spec?.unschedulable).map((n) => n.metadata?.name)).toEqual([]);
      expect((await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas).toBe(3);
    } finally {
      await c.policy.deleteNamespacedPodDisruptionBudget({ name: 'hold', namespace: NS });
    }
  }, 300_000);

  it('a SIGKILL during a scale-down is repaired by zerodrop cleanup', async () => {
    const cli = startLive('scale-down');
    await until('the scale-down', async () => {
      const d = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
      return d.spec?.replicas === 2 ? true : undefined;
    });
    cli.child.kill('SIGKILL');
    await cli.exit;
    const left = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    expect(left.spec?.replicas).toBe(2);
    expect(JSON.parse(left.metadata?.annotations?.['zerodrop.dev/scaled-from'] ?? '{}')).toMatchObject({ replicas: 3 });
    const r = await runCli(['cleanup', '--kubeconfig', cluster.kubeconfig, '--context', cluster.context], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(`scaled deployment ${NS}/web back to 3 replicas`);
    const after = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    expect(after.spec?.replicas).toBe(3);
    expect(after.metadata?.annotations?.['zerodrop.dev/scaled-from']).toBeUndefined();
    // The load pods' namespace of the killed run goes too (its owner is dead).
    await until('the load namespace to go', async () => {
      const left = (await c.core.listNamespace()).items.filter(
        (n) => n.metadata?.name?.endsWith('-web-load') && !n.metadata?.deletionTimestamp,
      );
      return left.length === 0 ? true : undefined;
    });
  }, 300_000);

  it('the same app without its preStop sleep is lossy through the Service on a rollout, with the propagation race as the cause', async () => {
    // A second Deployment and Service, its owner's settings but the preStop hook (as exec-entrypoint differs from prestop-sleep).
    const bare = { app: 'bare' };
    const web = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    const tpl = structuredClone(web.spec!.template);
    tpl.metadata = { labels: bare };
    delete tpl.spec!.containers[0].lifecycle;
    await c.apps.createNamespacedDeployment({
      namespace: NS,
      body: {
        metadata: { name: 'bare' },
        spec: { replicas: 3, selector: { matchLabels: bare }, strategy: web.spec!.strategy, template: tpl },
      },
    });
    await c.core.createNamespacedService({
      namespace: NS,
      body: { metadata: { name: 'bare' }, spec: { selector: bare, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    const out = join(dir, 'bare');
    const args = [...liveRun('bare'), '--disruption', 'rollout'];
    args.push('--load-from', 'cluster', '--load-image', agent, '--out', out);
    const r = await runCli(args, { timeoutMs: 300_000 });
    const s = (JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel).scenarios[0];
    expect(r.code, r.stderr.slice(-2000)).toBe(1);
    expect(s.verdict).toBe('lossy');
    expect(s.diagnosis?.[0]?.cause).toBe('propagation-race');
  }, 360_000);
});
