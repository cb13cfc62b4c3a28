/**
 * The plain CNI set-up (pure logic, unit-tested): each node gets a /24 out of the pod subnet, a ptp
 * conflist with host-local IPAM for it, and a route to every other node's /24 via that node's IP.
 */

export interface NodeAddr {
  name: string;
  ip: string;
}

export interface Route {
  node: string;
  dst: string;
  via: string;
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4 address ${ip}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The index-th /24 inside `podSubnet` (which must be /16 .. /23). */
export function nodeSubnet(podSubnet: string, index: number): string {
  const [base, bitsText] = podSubnet.split('/');
  const bits = Number(bitsText);
  if (!base || !Number.isInteger(bits) || bits < 8 || bits > 23) throw new Error(`pod subnet ${podSubnet} must be /8../23`);
  const count = 2 ** (24 - bits);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`node index ${index} does not fit in ${podSubnet}`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (ipToInt(base) & mask) >>> 0;
  return `${intToIp((net + index * 256) >>> 0)}/24`;
}

/** Control-plane nodes first, then the rest, each group by name: a stable subnet per node. */
export function orderNodes<T extends { name: string }>(nodes: readonly T[]): T[] {
  const cp = (n: T) => (n.name.endsWith('-control-plane') || /-control-plane\d+$/.test(n.name) ? 0 : 1);
  return [...nodes].sort((a, b) => cp(a) - cp(b) || a.name.localeCompare(b.name));
}

/** The conflist for one node from images/cni/10-zerodrop.conflist.tmpl. */
export function renderConflist(template: string, subnet: string, mtu: number): string {
  const out = template.replaceAll('{{SUBNET}}', subnet).replaceAll('{{MTU}}', String(mtu));
  JSON.parse(out); // a template edit that breaks JSON fails here, not inside containerd
  return out;
}

/** Every node needs a route to every other node's pod /24 through that node. */
export function routePlan(nodes: readonly NodeAddr[], podSubnet: string): Route[] {
  const ordered = orderNodes(nodes);
  const routes: Route[] = [];
  ordered.forEach((n, i) => {
    ordered.forEach((other, j) => {
      if (i !== j) routes.push({ node: n.name, dst: nodeSubnet(podSubnet, j), via: other.ip });
    });
  });
  return routes;
}
