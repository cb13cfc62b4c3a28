import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import {
  answer,
  type DnsQuestion,
  type DnsRecord,
  formatError,
  parseQuery,
  RCODE_NOERROR,
  RCODE_NXDOMAIN,
  RCODE_SERVFAIL,
  TYPE_A,
  TYPE_ANY,
  TYPE_PTR,
} from './dns-message.ts';

export interface Upstream {
  address: string;
  port: number;
}

export interface PodDnsOptions {
  /** X of the pod range 10.X.0.0/16. */
  prefix: number;
  /** The address to listen on (the pod network's gateway). */
  address: string;
  /** Default 53. */
  port?: number;
  /** Where other names go; default: the nameservers of the host's /etc/resolv.conf, port 53. */
  upstreams?: Upstream[];
}

export const CLUSTER_DOMAIN = 'cluster.local';
const FORWARD_TIMEOUT_MS = 5000;

/**
 * The pods' cluster DNS, as CoreDNS answers a pod (UDP, on the pod network's gateway address, port 53):
 * `a-b-c-d.<ns>.pod.cluster.local` and its reverse (`d.c.b.a.in-addr.arpa`) for pod addresses, a
 * Service's `<svc>.<ns>.svc.cluster.local` once a Service address is registered, NXDOMAIN for any other
 * name under cluster.local or address of the pod range, and every other query forwarded to the host's
 * resolvers (from /etc/resolv.conf) and its answer relayed. TCP is not served.
 */
export class PodDns {
  readonly address: string;
  private readonly prefix: number;
  private readonly pods = new Map<string, string>(); // pod IP -> namespace
  private readonly services = new Map<string, string>(); // "<svc>.<ns>" -> address
  private readonly upstreams: Upstream[];
  private readonly pending = new Map<number, { to: RemoteInfo; id: number; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closed = false;

  private readonly server: Socket;
  private readonly forwarder: Socket;

  private constructor(server: Socket, forwarder: Socket, opts: PodDnsOptions) {
    this.server = server;
    this.forwarder = forwarder;
    this.prefix = opts.prefix;
    this.address = opts.address;
    this.upstreams = opts.upstreams ?? hostNameservers().map((address) => ({ address, port: 53 }));
    server.on('message', (msg, from) => this.onQuery(msg, from));
    forwarder.on('message', (msg) => this.onUpstream(msg));
    server.on('error', () => undefined);
    forwarder.on('error', () => undefined);
  }

  /** Listens on `address`:`port` (default 53). Rejects when the port cannot be bound. */
  static async start(opts: PodDnsOptions): Promise<PodDns> {
    const server = createSocket({ type: 'udp4', reuseAddr: true });
    const forwarder = createSocket('udp4');
    try {
      await bind(server, opts.address, opts.port ?? 53);
      await bind(forwarder, '0.0.0.0', 0);
    } catch (err) {
      server.close();
      forwarder.close();
      throw err;
    }
    server.unref();
    forwarder.unref();
    return new PodDns(server, forwarder, opts);
  }

  /** The UDP port it listens on. */
  get port(): number {
    return this.server.address().port;
  }

  addPod(ip: string, namespace: string): void {
    this.pods.set(ip, namespace);
  }

  removePod(ip: string): void {
    this.pods.delete(ip);
  }

  addService(name: string, namespace: string, address: string): void {
    this.services.set(`${name}.${namespace}`, address);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.server.close();
    this.forwarder.close();
  }

  /** The answer to `q` (rcode and records), or 'forward' for names outside the cluster. */
  lookup(q: Pick<DnsQuestion, 'name' | 'type'>): { rcode: number; records: DnsRecord[] } | 'forward' {
    const { name, type } = q;
    const want = (t: number) => type === t || type === TYPE_ANY;
    if (name.endsWith('.in-addr.arpa')) {
      const ip = name.slice(0, -'.in-addr.arpa'.length).split('.').reverse().join('.');
      if (!isIPv4(ip) || !ip.startsWith(`10.${this.prefix}.`)) return 'forward';
      const ns = this.pods.get(ip);
      if (ns === undefined) return { rcode: RCODE_NXDOMAIN, records: [] };
      return { rcode: RCODE_NOERROR, records: want(TYPE_PTR) ? [{ type: TYPE_PTR, target: podName(ip, ns) }] : [] };
    }
    if (name !== CLUSTER_DOMAIN && !name.endsWith(`.${CLUSTER_DOMAIN}`)) return 'forward';
    const labels = name.slice(0, -CLUSTER_DOMAIN.length - 1).split('.');
    let address: string | undefined;
    if (labels.length === 3 && labels[2] === 'pod') {
      const ip = labels[0]!.replaceAll('-', '.');
      if (this.pods.get(ip) === labels[1]) address = ip;
    } else if (labels.length === 3 && labels[2] === 'svc') {
      address = this.services.get(`${labels[0]}.${labels[1]}`);
    }
    if (address === undefined) return { rcode: RCODE_NXDOMAIN, records: [] };
    return { rcode: RCODE_NOERROR, records: want(TYPE_A) ? [{ type: TYPE_A, address }] : [] };
  }

  private onQuery(msg: Buffer, from: RemoteInfo): void {
    const q = parseQuery(msg);
    if (q === undefined) {
      const err = formatError(msg);
      if (err) this.server.send(err, from.port, from.address);
      return;
    }
    const found = this.lookup(q);
    if (found !== 'forward') {
      this.server.send(answer(msg, q, found.rcode, found.records), from.port, from.address);
      return;
    }
    if (this.upstreams.length === 0 || this.pending.size >= 0xffff) {
      this.server.send(answer(msg, q, RCODE_SERVFAIL), from.port, from.address);
      return;
    }
    this.forward(msg, q, from);
  }

  private forward(msg: Buffer, q: DnsQuestion, to: RemoteInfo): void {
    let id = this.nextId;
    while (this.pending.has(id)) id = (id % 0xffff) + 1;
    this.nextId = (id % 0xffff) + 1;
    const timer = setTimeout(() => this.pending.delete(id), FORWARD_TIMEOUT_MS);
    timer.unref();
    this.pending.set(id, { to, id: q.id, timer });
    const out = Buffer.from(msg);
    out.writeUInt16BE(id, 0);
    for (const u of this.upstreams) this.forwarder.send(out, u.port, u.address);
  }

  private onUpstream(msg: Buffer): void {
    if (msg.length < 12) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    if (p === undefined) return; // a second upstream's answer, or too late
    clearTimeout(p.timer);
    this.pending.delete(msg.readUInt16BE(0));
    msg.writeUInt16BE(p.id, 0);
    this.server.send(msg, p.to.port, p.to.address);
  }
}

/** A pod's DNS name, as Kubernetes forms it: `10-200-0-5.<ns>.pod.cluster.local`. */
export function podName(ip: string, namespace: string): string {
  return `${ip.replaceAll('.', '-')}.${namespace}.pod.${CLUSTER_DOMAIN}`;
}

/** The IPv4 nameservers of the host's /etc/resolv.conf. */
export function hostNameservers(text?: string): string[] {
  let conf = text;
  if (conf === undefined) {
    try {
      conf = readFileSync('/etc/resolv.conf', 'utf8');
    } catch {
      return [];
    }
  }
  return conf
    .split('\n')
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && isIPv4(n));
}

function bind(socket: Socket, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
