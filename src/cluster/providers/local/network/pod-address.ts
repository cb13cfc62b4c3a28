import net from 'node:net';
import { ZerodropError } from '../../../../errors/index.ts';
import { sharedHostBindError, wildcardListener } from '../wildcard-bind.ts';

/** /16 prefixes (second octet of 127.x.0.0) taken by allocators of this process. */
const takenPrefixes = new Set<number>();

/** Errors meaning "this address:port cannot be ours right now, try another address". */
const RETRYABLE = new Set(['EADDRINUSE', 'EACCES']);

/** What the pod store needs from a pod network: a fresh address per pod, and teardown at the end. */
export interface PodAddresses {
  /** The address's second octet (127.X... on loopback, 10.X... with network namespaces). */
  readonly prefix: number;
  allocate(ports: readonly number[]): Promise<string>;
  /** Called for a pod whose processes have all exited (a no-op on loopback). */
  releasePod?(ip: string): Promise<void>;
  release(): void | Promise<void>;
}

/**
 * Hands out pod IPs on the loopback network: 127.<a>.<b>.<c>, where <a> is a random /16 chosen per
 * allocator (per provider instance), so test files running in parallel rarely share a /16, and an
 * address whose ports are already bound (EADDRINUSE) is skipped. Linux routes all of 127/8 to lo.
 * Addresses are never reused within one allocator, so a late endpoint update can never reach a new pod.
 */
export class HostLoopbackAllocator implements PodAddresses {
  readonly prefix: number;
  private next = 1;

  constructor(opts: { prefix?: number } = {}) {
    this.prefix = opts.prefix ?? pickPrefix();
    takenPrefixes.add(this.prefix);
  }

  /** Gives the /16 back to the process-wide pool. */
  release(): void {
    takenPrefixes.delete(this.prefix);
  }

  /** Next free address on which every one of `ports` can be bound. */
  async allocate(ports: readonly number[]): Promise<string> {
    for (let attempt = 0; attempt < 64; attempt++) {
      const n = this.next++;
      if (n > 65534) break;
      const ip = `127.${this.prefix}.${n >> 8}.${n & 255}`;
      if ((n & 255) === 0 || (n & 255) === 255) continue;
      if (await allFree(ip, ports)) return ip;
      // Every loopback address is refused when an app holds the port on 0.0.0.0: name that cause.
      const wildcard = wildcardListener(ports);
      if (wildcard) throw sharedHostBindError(wildcard);
    }
    throw new ZerodropError(`no free loopback address left in 127.${this.prefix}.0.0/16`);
  }
}

/**
 * The host-network allocator under its historical name; as a type, any pod network the pod store can
 * use (the loopback one, or PodNetwork's namespaces).
 */
export const LoopbackAllocator = HostLoopbackAllocator;
export type LoopbackAllocator = PodAddresses;

function pickPrefix(): number {
  for (let i = 0; i < 1000; i++) {
    const p = 2 + Math.floor(Math.random() * 253); // 2..254: keeps clear of 127.0.x.x and 127.1.x.x
    if (!takenPrefixes.has(p)) return p;
  }
  throw new ZerodropError('no free loopback /16 left for pod addresses');
}

async function allFree(ip: string, ports: readonly number[]): Promise<boolean> {
  for (const port of ports) if (!(await canBind(ip, port))) return false;
  return true;
}

function canBind(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code && RETRYABLE.has(err.code)) resolve(false);
      else if (err.code === 'EADDRNOTAVAIL') {
        reject(
          new ZerodropError(`cannot bind pod address ${ip}: this system does not route all of 127.0.0.0/8 to loopback`, { cause: err }),
        );
      } else reject(err);
    });
    srv.listen({ host: ip, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}
