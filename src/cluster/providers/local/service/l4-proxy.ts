import net from 'node:net';

/** One Service endpoint as the data path sees it (EndpointSlice conditions, KEP-1672). */
export interface ProxyEndpoint {
  pod: string;
  node?: string;
  host: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/**
 * Shown in reports of the embedded runtime. kube-proxy DNATs a new connection to the pod, so a pod
 * that refuses it makes the client see ECONNREFUSED; this userspace proxy has already accepted the
 * client's connection when the backend refuses, so the client sees a connection reset instead.
 */
export const PROXY_RESET_NOTE =
  'The embedded Service is a userspace L4 proxy: a new connection refused by a pod (or sent while no endpoint exists) ' +
  'reaches the client as a connection reset, where kube-proxy on a real cluster would show connection refused.';

/**
 * Endpoints that receive new connections: the ready ones, or, when none is ready, the serving
 * and terminating ones (KEP-1669 terminating-endpoint fallback).
 */
export function eligibleEndpoints(endpoints: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  return ready.length > 0 ? ready : endpoints.filter((e) => e.serving && e.terminating);
}

export interface L4ProxyOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 0 (ephemeral). */
  port?: number;
}

/**
 * A kube-proxy-like userspace L4 Service. The backend is chosen at random among the eligible
 * endpoints once per new connection; bytes are then piped both ways for the connection's whole life,
 * so keep-alive clients stay pinned and endpoint removal never breaks an established connection.
 * A backend RST reaches the client as a RST, a backend FIN as a FIN.
 */
export class L4Proxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private pool: ProxyEndpoint[] = [];
  private readonly host: string;
  private readonly port: number;
  private bound: { host: string; port: number } | undefined;
  private closed = false;

  constructor(opts: L4ProxyOptions = {}) {
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
    this.server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.onConnection(client));
  }

  /** Starts listening; resolves with the bound address (the workload's target). */
  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address() as net.AddressInfo;
    this.bound = { host: this.host, port: addr.port };
    return this.bound;
  }

  get address(): { host: string; port: number } {
    if (!this.bound) throw new Error('L4Proxy.address read before listen()');
    return this.bound;
  }

  /** Replaces the data path's endpoint list; affects new connections only. */
  setEndpoints(endpoints: readonly ProxyEndpoint[]): void {
    this.pool = eligibleEndpoints(endpoints);
  }

  /** Endpoints new connections go to right now. */
  eligible(): readonly ProxyEndpoint[] {
    return this.pool;
  }

  /** Number of client connections currently open. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Stops listening and destroys every open connection. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: net.Socket): void {
    const pool = this.pool;
    if (pool.length === 0 || this.closed) {
      client.on('error', noop);
      client.resetAndDestroy();
      return;
    }
    const ep = pool[(Math.random() * pool.length) | 0]!;
    const backend = net.connect({ host: ep.host, port: ep.port, allowHalfOpen: true, noDelay: true });
    this.sockets.add(client);
    this.sockets.add(backend);
    let reset = false;
    const resetBoth = (): void => {
      if (reset) return;
      reset = true;
      if (!client.destroyed) client.resetAndDestroy();
      if (!backend.destroyed) backend.resetAndDestroy();
    };
    // Any error on either side (refused, RST, EPIPE) is passed on as a reset of the other side.
    client.on('error', resetBoth);
    backend.on('error', resetBoth);
    // A normal close needs nothing more: each side's FIN has already been passed on to the other.
    client.on('close', () => this.sockets.delete(client));
    backend.on('close', () => this.sockets.delete(backend));
    // FIN in either direction becomes end() on the other side (pipe's default), keeping half-close.
    client.pipe(backend);
    backend.pipe(client);
  }
}

function noop(): void {}
