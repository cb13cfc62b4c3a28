import type { ProxyEndpoint } from './l4-proxy.ts';

/** Prefix of every chain zerodrop creates; the full name is ZD-<pid>-<n>. */
export const CHAIN_PREFIX = 'ZD-';
const CHAIN_RE = /^ZD-(\d+)-(\d+)$/;

let counter = 0;

/** A chain name unique within this process (and, through the pid, across live processes). */
export function newChainName(): string {
  return `${CHAIN_PREFIX}${process.pid}-${++counter}`;
}

/** The pid a ZD chain was created by, or undefined for any other chain name. */
export function chainPid(chain: string): number | undefined {
  const m = CHAIN_RE.exec(chain);
  return m ? Number(m[1]) : undefined;
}

/** The OUTPUT rule (without -A/-I/-D) that sends packets for the Service address into `chain`. */
export function hookSpec(chain: string, host: string, port: number): string {
  return `OUTPUT -d ${host}/32 -p tcp -m tcp --dport ${port} -j ${chain}`;
}

/**
 * iptables-restore input that creates the Service: an (empty) nat chain hooked first in nat OUTPUT,
 * and a filter chain hooked first in filter OUTPUT that rejects whatever is still addressed to the
 * Service after nat OUTPUT, i.e. new connections while no endpoint exists (kube-proxy's REJECT).
 */
export function setupRules(chain: string, host: string, port: number): string {
  return [
    '*nat',
    `:${chain} - [0:0]`,
    `-I ${hookSpec(chain, host, port)}`,
    'COMMIT',
    '*filter',
    `:${chain} - [0:0]`,
    `-A ${chain} -p tcp -j REJECT --reject-with tcp-reset`,
    `-I ${hookSpec(chain, host, port)}`,
    'COMMIT',
    '',
  ].join('\n');
}

/**
 * iptables-restore --noflush input that replaces the nat chain's rules in one transaction (the chain
 * declaration flushes it): one DNAT per endpoint, rule i taken with probability 1/(n-i), so each of
 * n endpoints gets 1/n of new connections, as kube-proxy's iptables mode does. No endpoint: empty
 * chain, and the filter chain refuses the connection.
 */
export function endpointRules(chain: string, endpoints: readonly ProxyEndpoint[]): string {
  const lines = ['*nat', `:${chain} - [0:0]`];
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const left = n - i;
    const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
    lines.push(
      `-A ${chain} -p tcp -m comment --comment "${ep.pod.replace(/[^\w.-]/g, '_')}"${pick} -j DNAT --to-destination ${ep.host}:${ep.port}`,
    );
  });
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Removes the hooks (as given, without -D) and then the chains, per table. */
export function teardownRules(byTable: ReadonlyMap<string, { chains: string[]; hooks: string[] }>): string {
  const lines: string[] = [];
  for (const [table, { chains, hooks }] of byTable) {
    if (chains.length === 0 && hooks.length === 0) continue;
    lines.push(
      `*${table}`,
      ...chains.map((c) => `:${c} - [0:0]`),
      ...hooks.map((h) => `-D ${h}`),
      ...chains.map((c) => `-X ${c}`),
      'COMMIT',
    );
  }
  return lines.length ? [...lines, ''].join('\n') : '';
}

/** ZD chains and the OUTPUT rules jumping to them, as listed by `iptables-save -t <table>`. */
export function parseZdChains(save: string): { chains: string[]; hooks: { chain: string; spec: string }[] } {
  const chains: string[] = [];
  const hooks: { chain: string; spec: string }[] = [];
  for (const line of save.split('\n')) {
    const decl = /^:(\S+) /.exec(line);
    if (decl && CHAIN_RE.test(decl[1]!)) chains.push(decl[1]!);
    const jump = /^-A (OUTPUT .* -j (\S+))\s*$/.exec(line);
    if (jump && CHAIN_RE.test(jump[2]!)) hooks.push({ chain: jump[2]!, spec: jump[1]! });
  }
  return { chains, hooks };
}
