import type { ProxyEndpoint } from './l4-proxy.ts';

/** How the embedded runtime implements a Service's data path. */
export type ServiceMode = 'iptables' | 'userspace';

/**
 * What the workload and the endpoints controller need of a Service's data path. Implemented by the
 * userspace L4Proxy and by IptablesService (kube-proxy's iptables mode on the host).
 */
export interface ServiceDataPath {
  /** Takes the Service's address; resolves with it (the workload's target). */
  listen(): Promise<{ host: string; port: number }>;
  readonly address: { host: string; port: number };
  /** Replaces the endpoint list; affects new connections only. */
  setEndpoints(endpoints: readonly ProxyEndpoint[]): void;
  /** Endpoints new connections go to (once applied). */
  eligible(): readonly ProxyEndpoint[];
  /** True while an endpoint change has been accepted but is not yet in effect (e.g. rules being written). */
  readonly syncing?: boolean;
  /** The last error applying endpoints, if any (the data path is then stale). */
  readonly failure?: Error;
  /** Releases the address and everything installed for it. Safe to call twice. */
  close(): Promise<void>;
}
