import type { Command } from 'commander';
import { loadKubeConfig, makeClients, probeApiServer } from '../cluster/index.ts';
import { sweepKubeLeftovers } from '../cluster/index.ts';
import { sweepLocalLeftovers } from '../cluster/index.ts';
import { removeProofContainers } from '../check/index.ts';
import { clusterStatus, DEFAULT_CONFIG } from '../offline-cluster/index.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface CleanupFlags { config: string; kubeconfig?: string; context?: string; kind: boolean }

/**
 * `zerodrop cleanup`: removes what crashed runs left, and nothing else: the embedded runtime's pod
 * processes and iptables chains of dead zerodrop processes; on the kind cluster (when it runs) or the
 * `--kubeconfig`/`--context` cluster, the namespaces and cordons of dead zerodrop processes; in the
 * local Docker engine, the proof containers of `zerodrop check` that dead zerodrop processes left.
 */
export function registerCleanupCommand(program: Command): void {
  program
    .command('cleanup')
    .description('remove what crashed runs left: embedded pod processes, iptables chains, namespaces, cordons, proof containers')
    .option('--config <file>', 'kind config of the kind cluster to clean', DEFAULT_CONFIG)
    .option('--no-kind', 'do not look at the kind cluster')
    .option('--kubeconfig <file>', 'also clean this kubeconfig\'s cluster')
    .option('--context <name>', 'context of --kubeconfig (default: its current one)')
    .action(async (opts: CleanupFlags) => {
      const removed = [...(await sweepLocalLeftovers())];
      removed.push(...(await removeProofContainers()).map((n) => `proof container ${n}`));
      const kept: string[] = [];
      for (const source of await clusters(opts)) {
        const c = makeClients(loadKubeConfig(source));
        await probeApiServer(c);
        const r = await sweepKubeLeftovers(c);
        removed.push(...r.removed.map((x) => `${x} (context ${c.context})`));
        kept.push(...r.kept.map((x) => `${x} (context ${c.context})`));
      }
      for (const r of removed) say(`removed ${r}`);
      for (const k of kept) say(`left alone: ${k}`);
      if (!removed.length) say('nothing to clean up');
    });
}

/** The clusters to clean: --kubeconfig/--context when given, and the kind cluster when it is running. */
async function clusters(opts: CleanupFlags): Promise<{ kubeconfig?: string; context?: string }[]> {
  const out: { kubeconfig?: string; context?: string }[] = [];
  if (opts.kubeconfig || opts.context) out.push({ kubeconfig: opts.kubeconfig, context: opts.context });
  if (opts.kind) {
    const status = await clusterStatus(opts.config).catch(() => undefined); // no kind, no Docker: nothing there to clean
    if (status?.running) out.push({ kubeconfig: status.kubeconfig, context: `kind-${status.name}` });
  }
  return out;
}
