import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZerodropError } from '../../../errors/index.ts';
import type { AppSpec } from '../../../k8s/index.ts';
import type { TimelineSink } from '../../../timeline/index.ts';
import { SERVICE_MODES } from '../../names.ts';
import type { ClusterProvider, Workload } from '../../provider.ts';
import { CRASH_LOOP_LIMIT } from './controller/deployment-controller.ts';
import { sweepLocalLeftovers } from './leftovers.ts';
import { localParallelism } from './local-parallelism.ts';
import { checkLocalSupport } from './local-support.ts';
import { LocalWorkload } from './local-workload.ts';
import type { LoopbackAllocator } from './network/pod-address.ts';
import { choosePodNetwork, type PodNetworkChoice, type PodNetworkMode } from './network/pod-network-choice.ts';
import { detectPid1Support, pid1UnshareArgs } from './pod/index.ts';
import { NodeScheduler } from './scheduler.ts';
import { DEFAULT_PROPAGATION_DELAY_MS, PROPAGATION_SOURCE, type PropagationDelay } from './service/endpoints-controller.ts';
import { IPTABLES_NOTE } from './service/iptables-service.ts';
import { detectIptablesSupport, removeStaleChains } from './service/iptables-support.ts';
import { PROXY_RESET_NOTE } from './service/l4-proxy.ts';
import type { ServiceMode } from './service/service-data-path.ts';

export interface LocalProviderOptions {
  /** Emulated nodes, 1 to 3 (default 2, as many as kind-config.yaml's workers). */
  nodes?: number;
  /** Endpoint propagation delay: one value for adds and removals, or each apart. Default DEFAULT_PROPAGATION_DELAY_MS. */
  propagationDelayMs?: number | Partial<PropagationDelay>;
  /** Scratch directory for staged images and container logs; default a fresh temp dir, deleted by down(). */
  workdir?: string;
  /**
   * Service data path. 'iptables': DNAT rules in the host's nat table, as kube-proxy's iptables mode
   * (needs root and a working nat table; refused connections stay refused). 'userspace': the L4 proxy.
   * 'auto' (default): iptables when a one-time check finds it working here, else userspace.
   */
  serviceMode?: 'auto' | ServiceMode;
  /**
   * Pod network. 'namespace': a network namespace per pod on a bridge (needs root and iproute2), so
   * apps may bind 0.0.0.0. 'host': every pod on its own loopback address of the host network.
   * 'auto' (default): namespaces when they can be made here, else host.
   */
  podNetwork?: 'auto' | PodNetworkMode;
  /** Put a Deployment's pods on one node (as the kind provider's soft pod affinity), so a drain meets its PodDisruptionBudget. */
  colocate?: boolean;
}

export const EMULATED_NOTE =
  'Cluster emulated by the embedded runtime (provider local): real processes and sockets, no Kubernetes API server, kubelet or kube-proxy.';
export const PID1_NOTE =
  'PID-1 semantics were not reproduced: PID namespaces are unavailable here, so entrypoints ran as process-group leaders and a shell entrypoint may not swallow SIGTERM as it would in a container.';

export const USERNS_PID1_NOTE =
  'Entrypoints ran as PID 1 of a PID namespace inside a user namespace (not root: unshare --user --map-root-user), as root of that namespace mapped to the invoking user.';

/** Where the embedded runtime still differs from a cluster in ways the reports do not flag elsewhere. */
export const DEVIATION_NOTES = [
  "Drains evict a node's pods one at a time, each retried until its eviction is allowed (kubectl drain evicts them concurrently).",
  `The emulated Deployment controller stops creating pods once ${CRASH_LOOP_LIMIT} of them failed (a ReplicaSet would keep replacing them with back-off).`,
];

/** The embedded runtime: a 1-3 node cluster emulated with real processes, a network namespace per pod when root (else loopback addresses). */
export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;
  readonly emulated = true;
  readonly controlBackend = true;
  private readonly opts: LocalProviderOptions;
  private readonly delay: PropagationDelay;
  private readonly scheduler: NodeScheduler;
  private addresses: LoopbackAllocator | undefined;
  private network: PodNetworkChoice | undefined;
  private workdir: string | undefined;
  private ownWorkdir = false;
  private pid1 = true;
  private pid1InUserNs = false;
  private serviceMode: ServiceMode = 'userspace';
  /** Why 'auto' fell back to userspace. */
  private fallback: string | undefined;
  private readonly workloads = new Set<LocalWorkload>();
  private deployed = 0;

  constructor(opts: LocalProviderOptions = {}) {
    this.opts = opts;
    const d = opts.propagationDelayMs;
    this.delay = typeof d === 'number' ? { addMs: d, removeMs: d } : { ...DEFAULT_PROPAGATION_DELAY_MS, ...d };
    for (const [k, v] of Object.entries(this.delay)) {
      if (!Number.isFinite(v) || v < 0)
        throw new ZerodropError(`propagation delay ${k} must be a non-negative number of ms, not ${v}`, { field: '--propagation-delay' });
    }
    this.scheduler = new NodeScheduler(opts.nodes ?? 2, { colocate: opts.colocate });
    if (opts.serviceMode !== undefined && !(SERVICE_MODES as readonly string[]).includes(opts.serviceMode)) {
      throw new ZerodropError(`unknown service mode "${opts.serviceMode}"`, {
        field: '--service-mode',
        hint: `one of: ${SERVICE_MODES.join(', ')}`,
      });
    }
  }

  /** The embedded runtime implements a subset of the Deployment/Service/PDB fields; the rest is refused, not ignored. */
  checkScenario(scenario: AppSpec): void {
    checkLocalSupport(scenario.manifests);
  }

  defaultParallelism(scenarios: number): number {
    return localParallelism(scenarios);
  }

  async up(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    // Pod processes and iptables chains of zerodrop runs that died without cleaning up (e.g. SIGKILL).
    await sweepLocalLeftovers().catch(() => []);
    this.pid1 = await detectPid1Support();
    this.pid1InUserNs = (await pid1UnshareArgs())?.includes('--user') ?? false;
    await this.chooseServiceMode();
    if (!this.addresses) {
      // An exited pod's namespace outlives the endpoint removal: connections still sent there are refused.
      this.network = await choosePodNetwork(this.opts.podNetwork ?? 'auto', this.serviceMode, this.delay.removeMs + 2000);
      this.addresses = this.network.addresses;
    }
    if (!this.workdir) {
      if (this.opts.workdir) {
        await mkdir(this.opts.workdir, { recursive: true });
        this.workdir = this.opts.workdir;
      } else {
        this.workdir = await mkdtemp(join(tmpdir(), 'zerodrop-local-'));
        this.ownWorkdir = true;
      }
    }
  }

  /** Where a delay came from: the default's source, or the --propagation-delay flag. */
  private sourceOf(k: keyof PropagationDelay): string {
    return this.delay[k] === DEFAULT_PROPAGATION_DELAY_MS[k] ? `default, ${PROPAGATION_SOURCE[k]}` : 'set with --propagation-delay';
  }

  notes(): string[] {
    const notes = [
      EMULATED_NOTE,
      this.serviceMode === 'iptables' ? IPTABLES_NOTE : PROXY_RESET_NOTE,
      `Endpoint propagation delay (emulated): ${this.delay.addMs} ms for adds (${this.sourceOf('addMs')}), ` +
        `${this.delay.removeMs} ms for removals (${this.sourceOf('removeMs')}).`,
    ];
    if (!this.pid1) notes.push(PID1_NOTE);
    else if (this.pid1InUserNs) notes.push(USERNS_PID1_NOTE);
    if (this.network) notes.push(this.network.note);
    notes.push(...DEVIATION_NOTES);
    return notes;
  }

  async deploy(scenario: AppSpec, timeline: TimelineSink, signal?: AbortSignal): Promise<Workload> {
    if (!this.addresses || !this.workdir) throw new ZerodropError('LocalProvider.deploy() called before up()');
    signal?.throwIfAborted();
    const workload = await LocalWorkload.create({
      scenario,
      timeline,
      scheduler: this.scheduler,
      addresses: this.addresses,
      pid1: this.pid1,
      delay: this.delay,
      serviceMode: this.serviceMode,
      workdir: join(this.workdir, `${scenario.name}-${++this.deployed}`),
      onRemoved: () => this.workloads.delete(workload),
    });
    this.workloads.add(workload);
    return workload;
  }

  /** The Service data path deploy() uses, settled by up(); `fallback` says why 'auto' chose userspace. */
  get serviceDataPath(): { mode: ServiceMode; fallback?: string } {
    return { mode: this.serviceMode, fallback: this.fallback };
  }

  /** The pod network up() set up: namespaces per pod on 10.<prefix>.0.0/16, or loopback addresses 127.<prefix>.x.y. */
  get podNetwork(): { mode: PodNetworkMode; prefix: number } | undefined {
    return this.network && { mode: this.network.mode, prefix: this.network.addresses.prefix };
  }

  private async chooseServiceMode(): Promise<void> {
    const want = this.opts.serviceMode ?? 'auto';
    this.fallback = undefined;
    if (want === 'userspace') {
      this.serviceMode = 'userspace';
      return;
    }
    const support = await detectIptablesSupport();
    if (support.ok) {
      await removeStaleChains().catch(() => []); // best effort: our chains are hooked first anyway
      this.serviceMode = 'iptables';
    } else if (want === 'iptables') {
      throw new ZerodropError(`iptables Service mode is not available here: ${support.reason}`, {
        field: '--service-mode',
        hint: 'run as root with iptables installed, or use --service-mode userspace',
      });
    } else {
      this.serviceMode = 'userspace';
      this.fallback = support.reason;
    }
  }

  /** Removes every workload still deployed and the scratch directory it created. Safe to call twice. */
  async down(): Promise<void> {
    try {
      await Promise.all([...this.workloads].map((w) => w.remove()));
    } finally {
      await this.addresses?.release(); // the pod network goes after the pods
      this.addresses = undefined;
    }
    if (this.ownWorkdir && this.workdir) await rm(this.workdir, { recursive: true, force: true });
    this.workdir = undefined;
    this.ownWorkdir = false;
  }
}
