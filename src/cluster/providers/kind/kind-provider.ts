import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { V1Service } from '@kubernetes/client-node';
import { ZerodropError } from '../../../errors/index.ts';
import type { AppSpec } from '../../../k8s/index.ts';
import {
  buildScenarioImage,
  buildZerodropImage,
  clusterStatus,
  clusterUp,
  DEFAULT_CONFIG,
  dockerAnswers,
  IMAGE_TAGS,
  imageExists,
  kindBinary,
  loadImage,
  REPO_ROOT,
} from '../../../offline-cluster/index.ts';
import type { Log } from '../../../util/index.ts';
import { parseTarget } from '../../../util/index.ts';
import { apiError } from '../../kube/api-error.ts';
import { type KubeClients, loadKubeConfig, makeClients } from '../../kube/kube-clients.ts';
import { KubeClusterProvider } from '../../kube/kube-provider.ts';
import type { KubeProviderOptions } from '../../kube/kube-provider-options.ts';
import { chooseKindTarget, type KindTarget } from './node-target.ts';
import { type HostMapping, nodePortMapping } from './port-mapping.ts';

export interface KindProviderOptions extends KubeProviderOptions {
  /** kind-config.yaml (default: the repository's). */
  configPath?: string;
  /** Create the cluster (`zerodrop cluster up`) when it is not running; default true. */
  create?: boolean;
  /** Base image scenario Dockerfiles are built on (default: the offline Node 24 base). */
  baseImage?: string;
  /** host:port to send load to instead of the control-plane node's address (no probe). */
  target?: string;
  log?: Log;
}

export { type HostMapping, nodePortMapping } from './port-mapping.ts';

/**
 * The kind cluster of `zerodrop cluster up`: builds each scenario's image on the offline Node 24
 * base and loads it into the nodes, pins the Service to the NodePort kind-config.yaml maps to the
 * host, and sends load to that NodePort on the control-plane node's InternalIP (no userland proxy),
 * falling back to the port mapping when the host cannot reach the node (see node-target.ts).
 */
export class KindProvider extends KubeClusterProvider {
  readonly name = 'kind' as const;
  private readonly kind: KindProviderOptions;
  private readonly configPath: string;
  private mapping: HostMapping | undefined;
  private chosen: KindTarget | undefined;
  private readonly built = new Map<string, Promise<string>>();
  private agentImage: Promise<string> | undefined;

  constructor(opts: KindProviderOptions = {}) {
    super(opts);
    this.kind = opts;
    this.configPath = opts.configPath ?? DEFAULT_CONFIG;
    if (opts.target) parseTarget(opts.target);
  }

  protected async connect(): Promise<KubeClients> {
    const log = this.kind.log ?? (() => undefined);
    const text = await readFile(this.configPath, 'utf8').catch(() => {
      throw new ZerodropError(`cannot read ${this.configPath}`, { file: this.configPath });
    });
    this.mapping = nodePortMapping(text, this.configPath);
    await kindBinary();
    if (!(await dockerAnswers())) throw new ZerodropError('Docker is not running', { hint: 'start dockerd, then zerodrop cluster up' });
    let status = await clusterStatus(this.configPath);
    if (!status.running) {
      if (this.kind.create === false)
        throw new ZerodropError(`kind cluster ${status.name} is not running`, { hint: 'run: zerodrop cluster up' });
      await clusterUp({ configPath: this.configPath, log });
      status = await clusterStatus(this.configPath);
    }
    return makeClients(loadKubeConfig({ kubeconfig: status.kubeconfig, context: `kind-${status.name}` }));
  }

  /** Chooses where load goes once the API server answers; the choice is one of notes(). */
  override async up(signal?: AbortSignal): Promise<void> {
    await super.up(signal);
    const nodes = await this.mustClients()
      .core.listNode()
      .catch((err: unknown) => {
        throw apiError('list nodes', err);
      });
    this.chosen = await chooseKindTarget({ nodes: nodes.items, mapping: this.mapping!, target: this.kind.target });
    if (this.opts.loadFrom === 'cluster') await this.loadAgentImage();
    else this.kind.log?.(this.chosen.note);
  }

  /** --load-from cluster: zerodrop's own image as the load agent (--load-image, or built on the offline base, tagged by content) loaded into the nodes, once per run. */
  protected override loadAgentImage(): Promise<string> {
    this.agentImage ??= (async () => {
      const given = this.opts.loadImage;
      if (given) {
        // A local image is loaded into the nodes; anything else is left for the nodes to pull.
        if (await imageExists(given)) await loadImage(given, this.configPath);
        return given;
      }
      const base = this.kind.baseImage ?? IMAGE_TAGS.appBase;
      const { contentTag, built } = await buildZerodropImage({ base, log: this.kind.log });
      this.kind.log?.(
        `${built ? 'built' : 'reusing'} ${contentTag} (zerodrop's own image, run as \`zerodrop agent\`); loading it into the nodes`,
      );
      await loadImage(contentTag, this.configPath);
      return contentTag;
    })();
    this.agentImage.catch(() => {
      this.agentImage = undefined;
    });
    return this.agentImage;
  }

  protected override loadOnControlPlane(): boolean {
    return true;
  }

  /** The control backend needs a Service of its own: not when every Service is pinned to the mapped NodePort. */
  get controlBackend(): boolean {
    return this.fixedNodePort() === undefined;
  }

  /** Where load goes (after up()): the node's address, the port mapping, or --target. */
  get hostTarget(): KindTarget | undefined {
    return this.chosen;
  }

  override notes(): string[] {
    return [...super.notes(), ...(this.chosen && this.opts.loadFrom !== 'cluster' ? [this.chosen.note] : [])];
  }

  /**
   * The mapped NodePort when host load goes through the port mapping or a --target; none when it
   * reaches the node's address (any NodePort answers there, so each scenario gets a fresh one and no
   * rule or conntrack entry of an earlier scenario meets its traffic) or comes from inside the cluster.
   */
  protected fixedNodePort(): number | undefined {
    if (this.opts.loadFrom === 'cluster' || this.chosen?.via === 'node-address') return undefined;
    return this.mapping?.nodePort;
  }

  protected override pullPolicy(): 'IfNotPresent' {
    return 'IfNotPresent';
  }

  protected async resolveTarget(svc: V1Service): Promise<{ host: string; port: number }> {
    const m = this.mapping!;
    const t = this.chosen;
    if (!t) throw new ZerodropError('kind provider: deploy() called before up()');
    const got = svc.spec?.ports?.[0]?.nodePort;
    if (this.opts.loadFrom === 'cluster' || t.via === 'node-address') return { host: t.host, port: got ?? 0 };
    if (got !== m.nodePort) throw new ZerodropError(`Service ${svc.metadata?.name} has NodePort ${got}, not the mapped ${m.nodePort}`);
    return { host: t.host, port: t.port };
  }

  /** Builds scenarios/<name> (once per provider) and loads it into the nodes; returns the tag. */
  private buildAndLoad(scenario: AppSpec): Promise<string> {
    const dir = resolve(scenario.dir);
    let p = this.built.get(dir);
    if (!p) {
      p = (async () => {
        const name = basename(dir);
        if (dirname(dir) !== join(REPO_ROOT, 'scenarios')) {
          throw new ZerodropError(`cannot build an image for ${scenario.file}`, { file: scenario.file, hint: 'pass --image IMAGE' });
        }
        const base = this.kind.baseImage ?? IMAGE_TAGS.appBase;
        if (!(await imageExists(base)))
          throw new ZerodropError(`base image ${base} is not built`, { hint: 'run: zerodrop cluster image --offline' });
        const tag = `zerodrop/${name}:dev`;
        this.kind.log?.(`building ${tag} on ${base}`);
        await buildScenarioImage(name, tag, base);
        await loadImage(tag, this.configPath);
        return tag;
      })();
      this.built.set(dir, p);
      p.catch(() => this.built.delete(dir));
    }
    return p;
  }

  protected async prepareImages(scenario: AppSpec): Promise<Record<string, string>> {
    const override = this.imageOverride(scenario);
    if (override) {
      // A local image is loaded into the nodes; anything else is left for the nodes to pull.
      if (await imageExists(this.opts.image!)) await loadImage(this.opts.image!, this.configPath);
      return override;
    }
    const names = Object.keys(scenario.images ?? {});
    if (!names.length) {
      // Bring your own: images the local Docker engine has are loaded; the rest are left to the nodes.
      for (const c of scenario.manifests.deployment.spec.template.spec.containers) {
        if (await imageExists(c.image)) await loadImage(c.image, this.configPath);
      }
      return {};
    }
    const tag = await this.buildAndLoad(scenario);
    return Object.fromEntries(names.map((n) => [n, tag]));
  }
}
