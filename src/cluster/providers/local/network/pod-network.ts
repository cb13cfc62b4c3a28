import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import { ownerMarker } from '../../../../util/index.ts';
import { iptablesRestore, iptablesRestoreSync } from '../service/iptables-exec.ts';
import type { PodAddresses } from './pod-address.ts';
import { PodDns } from './pod-dns.ts';
import { writePodEtc } from './pod-etc.ts';
import {
  bridgeName,
  hostPrefixes,
  ip,
  ipBatchForce,
  ipBatchForceSync,
  linkNames,
  masqueradeSpec,
  NETNS_DIR,
  netnsName,
  OCTET_MAX,
  OCTET_MIN,
  overlaps16,
  ownerAlias,
  vethName,
} from './pod-network-ip.ts';

/** Pod IP -> its network namespace's path and network, for the kubelet (every PodNetwork of this process). */
const namespaces = new Map<string, { path: string; net: PodNetwork }>();
const live = new Set<PodNetwork>();
let exitHook = false;

/** The network namespace a pod IP lives in, or undefined when the pod shares the host network. */
export function netnsPathOf(podIp: string): string | undefined {
  return namespaces.get(podIp)?.path;
}

/**
 * Gives a pod in a network namespace its cluster DNS: registers its address with the network's
 * resolver and writes its resolv.conf and hosts into `dir` (see writePodEtc). Returns `dir`, or
 * undefined when the pod shares the host network (and the host's files).
 */
export async function podEtc(pod: { name: string; namespace: string; ip: string }, dir: string): Promise<string | undefined> {
  const net = namespaces.get(pod.ip)?.net;
  return net?.podEtc(pod, dir);
}

/**
 * Removes a pod's namespace and veth once its processes have exited; a no-op on the host network.
 * `hold`: after a graceful exit the namespace stays (empty) for the network's hold time, so a new
 * connection the Service still sends there before the endpoint removal propagates is refused, as it
 * is by the pod while it lives (and as by a pod address on the host network).
 */
export async function releasePodNetwork(podIp: string, hold = false): Promise<void> {
  const entry = namespaces.get(podIp);
  if (entry) await (hold ? entry.net.holdThenRelease(podIp) : entry.net.releasePod(podIp));
}

/**
 * A pod network as a CNI bridge plugin makes one: a Linux bridge `zdbrX` holding 10.X.0.1/16 (X the
 * first of 200..254 whose /16 no route or address of the host overlaps and no other run holds), and per
 * pod a network namespace with its own loopback and a veth `eth0` with 10.X.a.b/16, default route via
 * the bridge. So every pod binds 0.0.0.0:<port> as it would in a pod. The host reaches pods through
 * the bridge; Service traffic DNATed from 127.0.0.1 (iptables mode) leaves with the bridge's address
 * (route_localnet + MASQUERADE, as kube-proxy does for localhost NodePorts). Needs root and iproute2.
 * Addresses are never reused, so a late endpoint update never reaches a new pod.
 */
export class PodNetwork implements PodAddresses {
  readonly prefix: number;
  private readonly masquerade: boolean;
  private readonly holdMs: number;
  private readonly holds = new Map<string, NodeJS.Timeout>();
  private next = 2;
  private readonly pods = new Map<string, number>();
  private closed: Promise<void> | undefined;
  private readonly releasing = new Set<Promise<void>>();
  private dns: PodDns | undefined;
  /** Why pods have no cluster DNS (the resolver could not listen), or undefined when they have it. */
  dnsFailure: string | undefined;

  private constructor(x: number, opts: { masquerade: boolean; holdMs?: number }) {
    this.prefix = x;
    this.masquerade = opts.masquerade;
    this.holdMs = opts.holdMs ?? 3000;
  }

  /**
   * `masquerade`: install the nat rule the iptables Service data path needs. `holdMs`: how long an
   * exited pod's namespace stays (see releasePodNetwork; default 3 s). Throws when it cannot be set up.
   */
  static async create(opts: { masquerade: boolean; holdMs?: number }): Promise<PodNetwork> {
    const taken = await hostPrefixes();
    const links = new Set(await linkNames());
    for (let x = OCTET_MIN; x <= OCTET_MAX; x++) {
      if (links.has(bridgeName(x)) || taken.some((p) => overlaps16(x, p))) continue;
      // Creating the bridge claims X: a concurrent run that picked the same X fails here and moves on.
      try {
        await ip(['link', 'add', bridgeName(x), 'type', 'bridge', 'forward_delay', '0']);
      } catch {
        continue;
      }
      const net = new PodNetwork(x, opts);
      live.add(net);
      installExitHook();
      try {
        await net.setUp();
      } catch (err) {
        await net.release();
        throw err;
      }
      return net;
    }
    throw new ZerodropError(
      `no free /16 for pod addresses in 10.${OCTET_MIN}.0.0 .. 10.${OCTET_MAX}.0.0 (all routed on this host or taken)`,
    );
  }

  /** The pod /16, e.g. 10.200.0.0/16. */
  get cidr(): string {
    return `10.${this.prefix}.0.0/16`;
  }

  private async setUp(): Promise<void> {
    const br = bridgeName(this.prefix);
    await ip(
      ['-batch', '-'],
      `${[`link set ${br} alias "${ownerAlias(ownerMarker())}"`, `addr add 10.${this.prefix}.0.1/16 dev ${br}`, `link set ${br} up`].join('\n')}\n`,
    );
    await writeFile(`/proc/sys/net/ipv4/conf/${br}/route_localnet`, '1');
    if (this.masquerade) await iptablesRestore(`*nat\n-A ${masqueradeSpec(this.prefix)}\nCOMMIT\n`);
    try {
      this.dns = await PodDns.start({ prefix: this.prefix, address: this.gateway });
    } catch (err) {
      this.dnsFailure = `the pods' resolver cannot listen on ${this.gateway}:53 (${(err as Error).message})`;
    }
  }

  /** The bridge's address: the pods' default route and cluster DNS. */
  get gateway(): string {
    return `10.${this.prefix}.0.1`;
  }

  /** See podEtc(). */
  async podEtc(pod: { name: string; namespace: string; ip: string }, dir: string): Promise<string> {
    this.dns?.addPod(pod.ip, pod.namespace);
    return writePodEtc(dir, pod, this.gateway);
  }

  /** A new namespace with its own address; `ports` are free in it by construction. */
  async allocate(_ports: readonly number[]): Promise<string> {
    if (this.closed) throw new ZerodropError('pod network already removed');
    const n = this.next++;
    if (n > 65533) throw new ZerodropError(`no pod address left in ${this.cidr}`);
    const x = this.prefix;
    const podIp = `10.${x}.${n >> 8}.${n & 255}`;
    const ns = netnsName(x, n);
    this.pods.set(podIp, n);
    try {
      await ip(
        ['-batch', '-'],
        `${[
          `netns add ${ns}`,
          `link add ${vethName(x, n)} type veth peer name eth0 netns ${ns}`,
          `link set ${vethName(x, n)} master ${bridgeName(x)} up`,
        ].join('\n')}\n`,
      );
      await ip(
        ['-n', ns, '-batch', '-'],
        `${['link set lo up', `addr add ${podIp}/16 dev eth0`, 'link set eth0 up', `route add default via ${this.gateway}`].join('\n')}\n`,
      );
    } catch (err) {
      await this.releasePod(podIp);
      throw new ZerodropError(`cannot set up the network namespace of a pod: ${(err as Error).message}`, { cause: err });
    }
    namespaces.set(podIp, { path: join(NETNS_DIR, ns), net: this });
    return podIp;
  }

  /** releasePod() after the hold time; release() cuts the wait short. */
  holdThenRelease(podIp: string): Promise<void> {
    if (!this.pods.has(podIp) || this.holds.has(podIp)) return Promise.resolve();
    const timer = setTimeout(() => void this.releasePod(podIp), this.holdMs);
    timer.unref();
    this.holds.set(podIp, timer);
    return Promise.resolve();
  }

  /** Removes one pod's namespace and veth (once the pod has exited). Never throws. */
  async releasePod(podIp: string): Promise<void> {
    clearTimeout(this.holds.get(podIp));
    this.holds.delete(podIp);
    const n = this.pods.get(podIp);
    if (n === undefined) return;
    this.pods.delete(podIp);
    namespaces.delete(podIp);
    this.dns?.removePod(podIp);
    const done = ipBatchForce(podLines(this.prefix, n));
    this.releasing.add(done);
    await done;
    this.releasing.delete(done);
  }

  /** Removes every namespace, veth, the bridge and the nat rule. Safe to call twice. */
  release(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.all([...this.pods.keys()].map((p) => this.releasePod(p)));
      await Promise.all(this.releasing);
      this.dns?.close();
      await ipBatchForce([`link del ${bridgeName(this.prefix)}`]);
      if (this.masquerade) await iptablesRestore(`*nat\n-D ${masqueradeSpec(this.prefix)}\nCOMMIT\n`).catch(() => undefined);
      live.delete(this);
    })();
    return this.closed;
  }

  /** Synchronous teardown when the harness process exits before release(). */
  releaseSync(): void {
    ipBatchForceSync([...[...this.pods.values()].flatMap((n) => podLines(this.prefix, n)), `link del ${bridgeName(this.prefix)}`]);
    if (this.masquerade) iptablesRestoreSync(`*nat\n-D ${masqueradeSpec(this.prefix)}\nCOMMIT\n`);
    for (const p of this.pods.keys()) namespaces.delete(p);
    this.pods.clear();
    this.dns?.close();
  }
}

function podLines(x: number, n: number): string[] {
  return [`link del ${vethName(x, n)}`, `netns del ${netnsName(x, n)}`];
}

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const net of live) net.releaseSync();
    live.clear();
  });
}
