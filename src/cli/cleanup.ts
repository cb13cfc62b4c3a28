import type { Command } from 'commander';
import { cleanup } from '../api/index.ts';
import { DEFAULT_CONFIG } from '../offline-cluster/index.ts';
import { withInterrupts } from './with-interrupts.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface CleanupFlags {
  config: string;
  kubeconfig?: string;
  context?: string;
  kind: boolean;
}

/**
 * `zerodrop cleanup`: removes what crashed runs left, and nothing else: the embedded runtime's pod
 * processes and iptables chains of dead zerodrop processes; on the kind cluster (when it runs) or the
 * `--kubeconfig`/`--context` cluster, the namespaces and cordons of dead zerodrop processes; in the
 * local Docker engine, the proof containers of `zerodrop check` that dead zerodrop processes left.
 */
export function registerCleanupCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('cleanup')
    .description('remove what crashed runs left: embedded pod processes, iptables chains, namespaces, cordons, proof containers')
    .option('--config <file>', 'kind config of the kind cluster to clean', DEFAULT_CONFIG)
    .option('--no-kind', 'do not look at the kind cluster')
    .option('--kubeconfig <file>', "also clean this kubeconfig's cluster")
    .option('--context <name>', 'context of --kubeconfig (default: its current one)')
    .action(async (opts: CleanupFlags) => {
      setExit(
        await withInterrupts(async (signal) => {
          const r = await cleanup({ config: opts.config, kind: opts.kind, kubeconfig: opts.kubeconfig, context: opts.context, signal });
          for (const x of r.removed) say(`removed ${x}`);
          for (const k of r.kept) say(`left alone: ${k}`);
          if (r.interrupted) process.stderr.write('zerodrop: cleanup interrupted\n');
          else if (!r.removed.length) say('nothing to clean up');
          return r.exitCode;
        }),
      );
    });
}
