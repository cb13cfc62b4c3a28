import { execFile, execFileSync, spawn } from 'node:child_process';
import { CommandError } from '../../../../errors/index.ts';

/**
 * Names and commands of the per-pod network (see pod-network.ts). Everything is named after the
 * second octet X of the pod /16 (10.X.0.0/16): bridge `zdbrX` (its ifalias `zerodrop owner=<pid>:<start>`
 * names the owning process, see util/process-identity.ts), host-side veths `zdvXh<n>`, network namespaces `zdX-<n>` under /run/netns.
 */
export const BRIDGE_RE = /^zdbr(\d{1,3})$/;
export const VETH_RE = /^zdv(\d{1,3})h(\d+)$/;
export const NETNS_RE = /^zd(\d{1,3})-(\d+)$/;
export const NETNS_DIR = '/run/netns';
/** The second octets tried for the pod /16: 10.200.0.0/16 .. 10.254.0.0/16, the first one free here. */
export const OCTET_MIN = 200;
export const OCTET_MAX = 254;

export const bridgeName = (x: number): string => `zdbr${x}`;
export const vethName = (x: number, n: number): string => `zdv${x}h${n}`;
export const netnsName = (x: number, n: number): string => `zd${x}-${n}`;
export const ownerAlias = (marker: string): string => `zerodrop owner=${marker}`;

/** The owner marker in a bridge's ifalias, or undefined when it has none of ours. */
export function aliasOwner(alias: string): string | undefined {
  return /^zerodrop owner=(\d+:\d+)$/.exec(alias.trim())?.[1];
}

/** The nat POSTROUTING rule (without -A/-D) that gives Service traffic from 127/8 the bridge's address. */
export const masqueradeSpec = (x: number): string =>
  `POSTROUTING -s 127.0.0.0/8 -o ${bridgeName(x)} -m comment --comment zerodrop-pod-network -j MASQUERADE`;

/** Runs `ip <args>` (with `input` on stdin for -batch); rejects with a CommandError naming stderr. */
export function ip(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new CommandError(['ip', ...args].join(' '), code, err))));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** `ip -force -batch -`: every line is tried, failures (already gone) are ignored. Never throws. */
export async function ipBatchForce(lines: string[]): Promise<void> {
  if (lines.length) await ip(['-force', '-batch', '-'], `${lines.join('\n')}\n`).catch(() => undefined);
}

/** The same, synchronously: only for clean-up at process exit. Never throws. */
export function ipBatchForceSync(lines: string[]): void {
  if (!lines.length) return;
  try {
    execFileSync('ip', ['-force', '-batch', '-'], { input: `${lines.join('\n')}\n`, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
  } catch {
    // best effort: removeNetworkLeftovers() at the next start removes what is left
  }
}

/** Names of the host's network interfaces (`ip -o link show`). */
export async function linkNames(): Promise<string[]> {
  const out = await ip(['-o', 'link', 'show']);
  return out
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

/** IPv4 prefixes (a.b.c.d/len) routed or assigned on the host, in any table. */
export async function hostPrefixes(): Promise<string[]> {
  const [routes, addrs] = await Promise.all([ip(['-4', 'route', 'show', 'table', 'all']), ip(['-4', '-o', 'addr', 'show'])]);
  const found = [
    ...routes
      .split('\n')
      .map((l) => /(?:^|\s)(\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(?:\s|$)/.exec(l.replace(/^(local|broadcast|unicast)\s+/, ''))?.[1]),
    ...addrs.split('\n').map((l) => /inet (\d+\.\d+\.\d+\.\d+\/\d+)/.exec(l)?.[1]),
  ];
  return found.filter((p): p is string => p !== undefined).map((p) => (p.includes('/') ? p : `${p}/32`));
}

/** Whether 10.x.0.0/16 overlaps a.b.c.d/len. */
export function overlaps16(x: number, prefix: string): boolean {
  const [addr, lenText] = prefix.split('/');
  const len = Number(lenText);
  const o = addr!.split('.').map(Number);
  if (len === 0) return false; // the default route overlaps everything and decides nothing
  if (len <= 8) return o[0] === 10 || (len < 8 && 10 >> (8 - len) === o[0]! >> (8 - len));
  if (o[0] !== 10) return false;
  if (len >= 16) return o[1] === x;
  const shift = 16 - len;
  return o[1]! >> shift === x >> shift;
}

/** Reads `iptables-save -t nat`; '' when iptables is missing or unusable. */
export function natRules(): Promise<string> {
  return new Promise((resolve) => {
    execFile('iptables-save', ['-t', 'nat'], { encoding: 'utf8', timeout: 10_000 }, (err, stdout) => resolve(err ? '' : stdout));
  });
}
