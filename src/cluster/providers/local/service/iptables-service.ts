import net from 'node:net';
import { iptablesRestore, iptablesRestoreSync } from './iptables-exec.ts';
import { endpointRules, hookSpec, newChainName, setupRules, teardownRules } from './iptables-rules.ts';
import { eligibleEndpoints, type ProxyEndpoint } from './l4-proxy.ts';
import type { ServiceDataPath } from './service-data-path.ts';

/** Shown in reports when the embedded Service ran on iptables. */
export const IPTABLES_NOTE =
  "The embedded Service uses iptables like kube-proxy's iptables mode (per-Service DNAT chain in nat OUTPUT, " +
  'random-probability rules, conntrack pinning), so a new connection a pod refuses reaches the client as connection refused.';

export interface IptablesServiceOptions {
  /** Service address; default 127.0.0.1. */
  host?: string;
  /** Service port; default 0 (ephemeral, reserved by a socket that never serves). */
  port?: number;
}

/** Services of this process still installed; torn down synchronously if the process exits first. */
const live = new Set<IptablesService>();
let exitHook = false;

/**
 * A Service data path in the host's netfilter, as kube-proxy's iptables mode: new connections to
 * host:port are DNATed in nat OUTPUT to a random eligible endpoint (statistic-module rules, one chain
 * per Service, replaced atomically on every endpoint change); conntrack keeps an established
 * connection on its endpoint after the rules change. With no endpoint, a filter rule resets the SYN,
 * so the client sees ECONNREFUSED, as it does when the chosen pod has no listener. Needs root.
 */
export class IptablesService implements ServiceDataPath {
  readonly chain = newChainName();
  private readonly host: string;
  private readonly port: number;
  private readonly reserve: net.Server;
  private bound: { host: string; port: number } | undefined;
  private pool: ProxyEndpoint[] = [];
  private dirty = false;
  private running: Promise<void> | undefined;
  private lastError: Error | undefined;
  private installed = false;
  private closing: Promise<void> | undefined;

  constructor(opts: IptablesServiceOptions = {}) {
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
    // Holds the port so nothing else binds it; the filter rule keeps every connection away from it.
    this.reserve = net.createServer((s) => s.resetAndDestroy());
  }

  /** Reserves the port and installs the (empty) chains; resolves with the Service address. */
  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.reserve.once('error', reject);
      this.reserve.listen(this.port, this.host, () => {
        this.reserve.off('error', reject);
        resolve();
      });
    });
    const port = (this.reserve.address() as net.AddressInfo).port;
    try {
      await iptablesRestore(setupRules(this.chain, this.host, port));
    } catch (err) {
      await new Promise<void>((r) => this.reserve.close(() => r()));
      throw err;
    }
    this.installed = true;
    this.bound = { host: this.host, port };
    live.add(this);
    installExitHook();
    if (this.dirty) this.kick();
    return this.bound;
  }

  get address(): { host: string; port: number } {
    if (!this.bound) throw new Error('IptablesService.address read before listen()');
    return this.bound;
  }

  /** Replaces the DNAT rules (asynchronously, coalescing bursts); affects new connections only. */
  setEndpoints(endpoints: readonly ProxyEndpoint[]): void {
    this.pool = eligibleEndpoints(endpoints);
    this.dirty = true;
    this.kick();
  }

  eligible(): readonly ProxyEndpoint[] {
    return this.pool;
  }

  /** True while the latest endpoints are not yet in the kernel's rules. */
  get syncing(): boolean {
    return this.dirty || this.running !== undefined;
  }

  get failure(): Error | undefined {
    return this.lastError;
  }

  /** Resolves once every endpoint change made so far is in the rules (or failed: see `failure`). */
  async synced(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Removes the chains and hooks and frees the port. Established connections are left alone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.dirty = false;
      await this.synced();
      try {
        if (this.installed) {
          this.installed = false;
          live.delete(this);
          await iptablesRestore(this.teardown());
        }
      } finally {
        if (this.reserve.listening) await new Promise<void>((r) => this.reserve.close(() => r()));
      }
    })();
    return this.closing;
  }

  /** iptables-restore input that removes everything listen() installed. */
  teardown(): string {
    const hook = hookSpec(this.chain, this.host, this.address.port);
    const both = { chains: [this.chain], hooks: [hook] };
    return teardownRules(
      new Map([
        ['nat', both],
        ['filter', both],
      ]),
    );
  }

  private kick(): void {
    if (this.running || !this.installed || this.closing) return;
    this.running = (async () => {
      while (this.dirty && this.installed && !this.closing) {
        this.dirty = false;
        try {
          await iptablesRestore(endpointRules(this.chain, this.pool));
          this.lastError = undefined;
        } catch (err) {
          this.lastError = err as Error;
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
  }
}

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const s of live) iptablesRestoreSync(s.teardown());
    live.clear();
  });
}
