import { ZerodropError } from '../errors/index.ts';

/** host:port, with brackets around an IPv6 host. */
export const hostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Parses `host:port` or `[v6]:port` (the --target flag). */
export function parseTarget(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port > 0 && port < 65536)) {
    throw new ZerodropError(`"${text}" is not host:port`, { field: '--target', hint: 'e.g. --target 192.168.1.20:30080' });
  }
  return { host: m[1] ?? m[2], port };
}
