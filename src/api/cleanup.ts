import { removeProofContainers } from '../check/index.ts';
import { loadKubeConfig, makeClients, probeApiServer, sweepKubeLeftovers, sweepLocalLeftovers } from '../cluster/index.ts';
import { ExitCode } from '../errors/index.ts';
import { clusterStatus, DEFAULT_CONFIG } from '../offline-cluster/index.ts';

export interface CleanupOptions {
  /** kind config of the kind cluster to clean (default kind-config.yaml). */
  config?: string;
  /** false: do not look at the kind cluster (default true). */
  kind?: boolean;
  /** Also clean this kubeconfig's cluster. */
  kubeconfig?: string;
  /** Context of `kubeconfig` (default its current one). */
  context?: string;
  /** Aborting stops before the next cluster; what was removed so far is in the result. */
  signal?: AbortSignal;
}

export interface CleanupResult {
  /** What was removed, one line each. */
  removed: string[];
  /** Leftovers of live zerodrop processes, left alone. */
  kept: string[];
  /** 0, or 130 when interrupted. */
  exitCode: number;
  interrupted: boolean;
}

/**
 * Removes what crashed runs left, and nothing else: the embedded runtime's pod processes and
 * iptables chains of dead zerodrop processes; the namespaces and cordons of dead zerodrop
 * processes on the kind cluster (when it runs) and the `kubeconfig`/`context` cluster; the proof
 * containers `check` left in the local Docker engine.
 */
export async function cleanup(options: CleanupOptions = {}): Promise<CleanupResult> {
  const { signal } = options;
  const removed = [...(await sweepLocalLeftovers())];
  const kept: string[] = [];
  const result = (interrupted: boolean): CleanupResult => ({
    removed,
    kept,
    interrupted,
    exitCode: interrupted ? ExitCode.Interrupted : ExitCode.Ok,
  });
  if (signal?.aborted) return result(true);
  removed.push(...(await removeProofContainers()).map((n) => `proof container ${n}`));
  for (const source of await clusters(options)) {
    if (signal?.aborted) return result(true);
    const c = makeClients(loadKubeConfig(source));
    await probeApiServer(c);
    const r = await sweepKubeLeftovers(c);
    removed.push(...r.removed.map((x) => `${x} (context ${c.context})`));
    kept.push(...r.kept.map((x) => `${x} (context ${c.context})`));
  }
  return result(false);
}

/** The clusters to clean: kubeconfig/context when given, and the kind cluster when it is running. */
async function clusters(o: CleanupOptions): Promise<{ kubeconfig?: string; context?: string }[]> {
  const out: { kubeconfig?: string; context?: string }[] = [];
  if (o.kubeconfig || o.context) out.push({ kubeconfig: o.kubeconfig, context: o.context });
  if (o.kind !== false) {
    const status = await clusterStatus(o.config ?? DEFAULT_CONFIG).catch(() => undefined); // no kind, no Docker: nothing there to clean
    if (status?.running) out.push({ kubeconfig: status.kubeconfig, context: `kind-${status.name}` });
  }
  return out;
}
