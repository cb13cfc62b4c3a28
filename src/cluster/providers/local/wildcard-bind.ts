import { readFileSync } from 'node:fs';
import { ZerodropError } from '../../../errors/index.ts';

/**
 * The first of `ports` some process listens on at a wildcard address (0.0.0.0 or [::]) of the host
 * network, from /proc/net/tcp and /proc/net/tcp6, with the address as the app would have bound it.
 */
export function wildcardListener(ports: readonly number[]): { host: string; port: number } | undefined {
  for (const { addr, port, v6 } of listeners()) {
    if (/^0+$/.test(addr) && ports.includes(port)) return { host: v6 ? '[::]' : '0.0.0.0', port };
  }
  return undefined;
}

/** Whether something listens on ip:port (IPv4) for every one of `ports`. */
export function listensOn(ip: string, ports: readonly number[]): boolean {
  // /proc/net/tcp writes the address as one little-endian hex word: 127.5.0.2 -> 0200057F.
  const hex = ip
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase())
    .reverse()
    .join('');
  const bound = new Set(
    listeners()
      .filter((l) => !l.v6 && l.addr === hex)
      .map((l) => l.port),
  );
  return ports.every((p) => bound.has(p));
}

function listeners(): { addr: string; port: number; v6: boolean }[] {
  const found: { addr: string; port: number; v6: boolean }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [addr, portHex] = local.split(':');
      found.push({ addr: addr!, port: parseInt(portHex ?? '', 16), v6: file.endsWith('6') });
    }
  }
  return found;
}

/** The one line for an app that binds a wildcard address while pods share the host network. */
export function sharedHostBindError(at: { host: string; port: number }): ZerodropError {
  return new ZerodropError(
    `app binds ${at.host}:${at.port} and shares the host network here: run as root for a network namespace per pod, or bind status.podIP`,
    { hint: "set HOST (or your app's bind address) from the downward API: valueFrom.fieldRef.fieldPath: status.podIP" },
  );
}
