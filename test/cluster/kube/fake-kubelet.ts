/**
 * Plays the kubelet of fake nodes against a real API server (test only): registers Ready nodes and
 * renews their leases, marks bound pods Running and Ready after `startMs`, and finishes deleted pods
 * after `stopMs` with container exit code 137, then removes them (grace 0) as the kubelet does.
 */
import { CoordinationV1Api, CoreV1Api, type KubeConfig, PatchStrategy, setHeaderOptions, V1MicroTime } from '@kubernetes/client-node';

export class FakeKubelet {
  private readonly core: CoreV1Api;
  private readonly coord: CoordinationV1Api;
  private readonly nodes: string[];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly handled = new Set<string>();
  private ip = 10;
  startMs = 800;
  stopMs = 1200;

  constructor(kc: KubeConfig, nodes: string[]) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.coord = kc.makeApiClient(CoordinationV1Api);
    this.nodes = nodes;
  }

  async start(labels: Record<string, string> = {}): Promise<void> {
    for (const name of this.nodes) {
      // As kind registers its nodes (the kubeconfig guard checks the providerID).
      await this.core
        .createNode({
          body: {
            metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
            spec: { providerID: `kind://docker/cp/${name}` },
          },
        })
        .catch(() => undefined);
    }
    await this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat().catch(() => undefined), 10_000));
    this.timers.push(setInterval(() => void this.tick().catch(() => undefined), 250));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  private async heartbeat(): Promise<void> {
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    for (const [i, name] of this.nodes.entries()) {
      const now = new Date();
      const status = {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'fake kubelet',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
        addresses: [{ type: 'InternalIP', address: `10.1.0.${11 + i}` }],
        allocatable: { cpu: '8', memory: '8Gi', pods: '50' },
        capacity: { cpu: '8', memory: '8Gi', pods: '50' },
      };
      await this.core.patchNodeStatus({ name, body: { status } }, merge);
      const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new V1MicroTime() };
      const ns = 'kube-node-lease';
      try {
        const lease = await this.coord.readNamespacedLease({ name, namespace: ns });
        await this.coord.replaceNamespacedLease({ name, namespace: ns, body: { ...lease, spec } });
      } catch {
        await this.coord.createNamespacedLease({ namespace: ns, body: { metadata: { name, namespace: ns }, spec } }).catch(() => undefined);
      }
    }
  }

  private async tick(): Promise<void> {
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    for (const p of (await this.core.listPodForAllNamespaces({})).items) {
      const name = p.metadata?.name ?? '';
      const namespace = p.metadata?.namespace ?? '';
      if (!p.spec?.nodeName || !this.nodes.includes(p.spec.nodeName) || namespace === 'kube-system') continue;
      const key = `${namespace}/${name}`;
      const containers = p.spec.containers.map((c) => c.name);
      if (p.metadata?.deletionTimestamp) {
        if (this.handled.has(`del:${key}`)) continue;
        this.handled.add(`del:${key}`);
        this.timers.push(
          setTimeout(async () => {
            const now = new Date();
            const status = {
              conditions: [{ type: 'Ready', status: 'False' }],
              containerStatuses: containers.map((c) => ({
                name: c,
                image: 'fake',
                imageID: '',
                ready: false,
                restartCount: 0,
                state: { terminated: { exitCode: 137, reason: 'Error', startedAt: now, finishedAt: now } },
              })),
            };
            await this.core.patchNamespacedPodStatus({ name, namespace, body: { status } }, merge).catch(() => undefined);
            await this.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
          }, this.stopMs),
        );
        continue;
      }
      if (this.handled.has(key)) continue;
      this.handled.add(key);
      const ip = `10.244.9.${this.ip++ % 250}`;
      this.timers.push(
        setTimeout(async () => {
          const now = new Date();
          const status = {
            phase: 'Running',
            podIP: ip,
            podIPs: [{ ip }],
            startTime: now,
            conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
              type,
              status: 'True',
              lastTransitionTime: now,
            })),
            containerStatuses: containers.map((c) => ({
              name: c,
              image: 'fake',
              imageID: '',
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: now } },
            })),
          };
          await this.core.patchNamespacedPodStatus({ name, namespace, body: { status } }, merge).catch(() => undefined);
        }, this.startMs),
      );
    }
  }
}
