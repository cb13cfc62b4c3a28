import type { Command } from 'commander';
import { DISRUPTION_KINDS, type DisruptionKind } from '../scenario/types.ts';
import type { ProviderName } from '../run/run-options.ts';
import { addLoadFlags, runtimeOptions, type LoadFlagValues } from './load-flags.ts';
import { choiceFlag, collect } from './parse-flags.ts';
import { runAndReport } from './run-and-report.ts';

interface RunFlags extends LoadFlagValues {
  provider: ProviderName;
  disruption: DisruptionKind;
  manifest?: string[];
}

export function registerRunCommand(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('run')
    .description('run scenarios under load through a disruption and report which lose traffic')
    .argument('[scenario...]', 'scenario names (default: every scenario supporting the disruption)')
    .option('--provider <name>', 'local | kind | kubeconfig', choiceFlag('--provider', ['local', 'kind', 'kubeconfig'] as const), 'local')
    .option('--disruption <kind>', DISRUPTION_KINDS.join(' | '), choiceFlag('--disruption', DISRUPTION_KINDS), 'rollout')
    .option('--manifest <file>', 'your own Deployment + Service manifest, run as a scenario (repeatable)', collect);
  addLoadFlags(cmd).action(async (scenarios: string[], flags: RunFlags) => {
    setExit(await runAndReport({
      scenarios,
      manifests: flags.manifest,
      provider: flags.provider,
      disruption: flags.disruption,
      ...runtimeOptions(flags),
    }));
  });
}
