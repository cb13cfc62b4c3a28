import type { V1Node, V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../../errors/index.ts';
import type { AppSpec, DisruptionKind } from '../../../k8s/index.ts';
import type { LoadPlan } from '../../../load/index.ts';
import { agentTimeLimitSeconds } from '../../../load/index.ts';
import type { TimelineSink } from '../../../timeline/index.ts';
import { parseTarget } from '../../../util/index.ts';
import { apiError } from '../../kube/api-error.ts';
import { type KubeClients, loadKubeConfig, makeClients, probeApiServer } from '../../kube/kube-clients.ts';
import { KubeClusterProvider } from '../../kube/kube-provider.ts';
import type { KubeProviderOptions } from '../../kube/kube-provider-options.ts';
import { livePlan } from '../../kube/live-plan.ts';
import { loadJobPlanLines } from '../../kube/load-job/load-job-dry-run.ts';
import { type ApplyObject, runNamespace } from '../../kube/manifest-transform.ts';
import { DRAINABLE_LABEL, drainableGuard, nodeAddress, schedulableNode } from '../../kube/node-filter.ts';
import type { Workload } from '../../provider.ts';
import { guardCluster, guardContext, isKindContext } from './context-guard.ts';
import { dryRunPlan } from './dry-run-plan.ts';

/** The run's default wait bound (run-steps.ts), as the dry run assumes it. */
const DRY_RUN_WAIT_MS = 120_000;

export interface KubeconfigProviderOptions extends KubeProviderOptions {
  /** Kubeconfig file (default: KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** --context: context to use (default: the current one). */
  context?: string;
  /** --allow-context: the one non-kind context the user allows. */
  allowContext?: string;
  /** --dry-run: deploy() refuses; plan() lists the actions instead. */
  dryRun?: boolean;
  /** --target host:port: where the host reaches the NodePort (default: a node's InternalIP). */
  target?: string;
}

/**
 * Any kubeconfig context. Refuses non-kind contexts unless allowed, works only in its own
 * `zerodrop-<run>-<scenario>` namespaces, cordons only nodes labelled zerodrop.dev/drainable=true,
 * and uses the scenario's images as written (or --image): it builds nothing.
 */
export class KubeconfigProvider extends KubeClusterProvider {
  readonly name = 'kubeconfig' as const;
  private readonly k: KubeconfigProviderOptions;

  constructor(opts: KubeconfigProviderOptions = {}) {
    super(opts);
    this.k = opts;
    if (opts.target) parseTarget(opts.target);
  }

  protected async connect(): Promise<KubeClients> {
    const kc = loadKubeConfig({ kubeconfig: this.k.kubeconfig, context: this.k.context });
    const context = kc.getCurrentContext();
    const cluster = kc.getContextObject(context)?.cluster ?? '';
    guardContext(context, cluster, this.k.allowContext);
    const clients = makeClients(kc);
    await guardCluster(clients, this.k.allowContext);
    return clients;
  }

  override notes(): string[] {
    const c = this.clients;
    const extra =
      c && !isKindContext(c.context, '') ? [`context ${c.context} allowed by --allow-context; only labelled nodes are drained`] : [];
    return [...super.notes(), ...extra];
  }

  protected async prepareImages(scenario: AppSpec): Promise<Record<string, string>> {
    return this.imageOverride(scenario) ?? {};
  }

  protected fixedNodePort(): undefined {
    return undefined;
  }

  protected override nodeGuard(node: V1Node): string | undefined {
    return drainableGuard(node);
  }

  protected async resolveTarget(svc: V1Service, c: KubeClients): Promise<{ host: string; port: number }> {
    if (this.k.target) return parseTarget(this.k.target);
    const port = svc.spec?.ports?.[0]?.nodePort;
    if (!port) throw new ZerodropError(`Service ${svc.metadata?.namespace}/${svc.metadata?.name} got no NodePort`);
    const nodes = await c.core.listNode().catch((err: unknown) => {
      throw apiError('list nodes', err);
    });
    const host = nodes.items.filter(schedulableNode).map(nodeAddress).find(Boolean) ?? nodes.items.map(nodeAddress).find(Boolean);
    if (!host) throw new ZerodropError('no node has an address for the NodePort', { field: '--target', hint: 'pass --target host:port' });
    return { host, port };
  }

  override async deploy(scenario: AppSpec, timeline: TimelineSink, signal?: AbortSignal): Promise<Workload> {
    if (this.k.dryRun) throw new ZerodropError('dry run: nothing is deployed', { hint: 'use plan() to list the actions' });
    return super.deploy(scenario, timeline, signal);
  }

  /** --dry-run: the actions a run of `scenario` would take, reading the cluster but changing nothing. */
  async plan(scenario: AppSpec, disruptions: readonly DisruptionKind[], load: LoadPlan): Promise<string[]> {
    const c = this.clients ?? (await this.connect());
    const version = await probeApiServer(c);
    const nodes = await c.core.listNode().catch((err: unknown) => {
      throw apiError('list nodes', err);
    });
    const drainable = nodes.items.filter((n) => n.metadata?.labels?.[DRAINABLE_LABEL] === 'true').map((n) => n.metadata?.name ?? '');
    if (scenario.live) {
      const svc = scenario.manifests.service;
      const port = svc.spec.ports[0];
      const host = this.k.target ?? nodes.items.filter(schedulableNode).map(nodeAddress).find(Boolean) ?? '<node address>';
      const loadLines =
        this.opts.loadFrom === 'cluster'
          ? loadJobPlanLines({
              namespace: `${runNamespace(this.run, `${scenario.name}-load`)} (a namespace of zerodrop's, Pod Security restricted)`,
              run: this.run,
              opts: this.opts,
              load,
              service: { ...svc, metadata: { ...svc.metadata, namespace: scenario.live.ref.namespace } } as unknown as ApplyObject,
              nodes: nodes.items,
              tolerateControlPlane: this.loadOnControlPlane(),
              maxRunSeconds: agentTimeLimitSeconds(load.settings.baselineSeconds, load.settings.recoverySeconds, DRY_RUN_WAIT_MS),
            })
          : [
              port?.nodePort
                ? `send load from this host to ${host}:${port.nodePort} (the Service's NodePort)`
                : `would fail: Service ${svc.metadata.name} has no NodePort this host can reach (use --load-from cluster)`,
            ];
      return livePlan({ context: c.context, server: c.server, version, scenario, disruptions, load: loadLines, drainable });
    }
    const namespace = runNamespace(this.run, scenario.name);
    const objects = this.objectsFor(scenario, this.imageOverride(scenario) ?? {}, namespace);
    const first = nodes.items.filter(schedulableNode).map(nodeAddress).find(Boolean);
    const target = this.k.target ?? `${first ?? '<node address>'}:<NodePort the API server assigns>`;
    const loadPods =
      this.opts.loadFrom === 'cluster'
        ? loadJobPlanLines({
            namespace,
            run: this.run,
            opts: this.opts,
            load,
            service: objects.find((o) => o.kind === 'Service')!,
            nodes: nodes.items,
            tolerateControlPlane: this.loadOnControlPlane(),
            maxRunSeconds: agentTimeLimitSeconds(load.settings.baselineSeconds, load.settings.recoverySeconds, DRY_RUN_WAIT_MS),
          })
        : undefined;
    return dryRunPlan({ context: c.context, server: c.server, version, scenario, disruptions, objects, target, drainable, loadPods });
  }
}
