import { ZerodropError } from '../../../errors/zerodrop-error.ts';

/** kind names its contexts and clusters `kind-<cluster name>`. */
export function isKindContext(context: string, cluster: string): boolean {
  return context.startsWith('kind-') || cluster.startsWith('kind-');
}

/**
 * Why the kubeconfig provider must not use this context, or undefined when it may: any kind
 * cluster is allowed; any other context only when `--allow-context` names it exactly.
 */
export function contextRefusal(context: string, cluster: string, allowContext?: string): string | undefined {
  if (isKindContext(context, cluster)) return undefined;
  if (allowContext !== undefined && allowContext === context) return undefined;
  const named = allowContext ? ` (--allow-context names "${allowContext}")` : '';
  return `context "${context}" (cluster "${cluster}") is not a kind cluster${named}`;
}

/** Throws the one-line refusal as a ZerodropError on --context. */
export function guardContext(context: string, cluster: string, allowContext?: string): void {
  const why = contextRefusal(context, cluster, allowContext);
  if (why) {
    throw new ZerodropError(`refusing to use ${why}`, {
      field: '--context',
      hint: `zerodrop only touches its own namespaces and labelled nodes; pass --allow-context ${context} to use it anyway`,
    });
  }
}

/** Parses `--target host:port` (IPv6 in brackets). */
export function parseTarget(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port > 0 && port < 65536)) {
    throw new ZerodropError(`"${text}" is not host:port`, { field: '--target', hint: 'e.g. --target 192.168.1.20:30080' });
  }
  return { host: m[1] ?? m[2], port };
}
