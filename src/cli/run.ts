import type { Command } from 'commander';
import type { ProviderName, RunOptions } from '../api/index.ts';
import { PROVIDER_NAMES } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { DISRUPTION_KINDS, type DisruptionKind, isWorkloadRef, type LiveTargetRequest, parseWorkloadRef } from '../k8s/index.ts';
import { type CheckedFlags, checkFlags } from './check-flags.ts';
import { addLoadFlags, type LoadFlagValues, localProviderOptions, runtimeOptions } from './load-flags.ts';
import { addLoadFromFlags, checkLoadFromFlags, type LoadFromFlagValues } from './load-from-flags.ts';
import { choiceFlag, collectText, intFlag, textFlag } from './parse-flags.ts';
import { type LiveOptions, runAndReport } from './run-and-report.ts';

export interface RunFlags extends LoadFlagValues, CheckedFlags, LoadFromFlagValues {
  provider: ProviderName;
  disruption: DisruptionKind;
  scaleBy?: number;
  namespace?: string;
  service?: string;
  colocate?: boolean;
  thresholds?: string;
  serviceMode?: LoadFlagValues['serviceMode'];
}

export function registerRunCommand(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('run')
    .description('run scenarios under load through a disruption and report which lose traffic')
    .argument('[scenario...]', 'scenario names (default: every scenario supporting the disruption)')
    .option('--provider <name>', 'local | kind | kubeconfig', choiceFlag('--provider', PROVIDER_NAMES), 'local')
    .option('--disruption <kind>', DISRUPTION_KINDS.join(' | '), choiceFlag('--disruption', DISRUPTION_KINDS), 'rollout')
    .option(
      '--scale-by <n>',
      'with --disruption scale-down: replicas to remove before scaling back (default 1)',
      intFlag('--scale-by', 1, 1000),
    )
    .option('--manifest <file>', 'your own Deployment + Service manifest, run as a scenario (repeatable)', collectText('--manifest'))
    .option('--image <image>', "with --manifest: the image for the Deployment's container", textFlag('--image'))
    .option(
      '--thresholds <file>',
      "YAML file `thresholds: {...}` added to every scenario's thresholds (e.g. for --manifest runs)",
      textFlag('--thresholds'),
    )
    .option('--kubeconfig <file>', 'kubeconfig file (kubeconfig provider; default KUBECONFIG or ~/.kube/config)', textFlag('--kubeconfig'))
    .option('--context <name>', 'kubeconfig context (default: the current one)', textFlag('--context'))
    .option('--allow-context <name>', 'allow this context even though it is not a kind cluster', textFlag('--allow-context'))
    .option(
      '--target <host:port|deployment/NAME>',
      'deployment/NAME: measure that live Deployment (with -n; deploys nothing of it). host:port: where the host reaches the Service NodePort (default: a node address)',
      textFlag('--target'),
    )
    .option('-n, --namespace <ns>', 'with --target deployment/NAME: its namespace (default: default)', textFlag('--namespace'))
    .option(
      '--service <name>',
      'with --target deployment/NAME: the Service to measure through (default: the one selecting its pods)',
      textFlag('--service'),
    )
    .option(
      '--colocate',
      "keep each scenario's pods on one node, so a drain meets its PodDisruptionBudget (default with --disruption drain on real clusters)",
    )
    .option('--dry-run', 'print what the run would do to the cluster, change nothing (kubeconfig provider)');
  addLoadFromFlags(addLoadFlags(cmd)).action(async (scenarios: string[], flags: RunFlags) => {
    setExit(await runAndReport(runOptionsFrom(scenarios, flags)));
  });
}

/** A run as the CLI asks for it: every choice the flags have a default for is made. */
export type CliRun = RunOptions & Required<Pick<RunOptions, 'scenarios' | 'provider' | 'disruption' | 'repeat'>> & LiveOptions;

/** The run the flags ask for, after every flag check that needs no file (checkFlags). */
export function runOptionsFrom(scenarios: string[], flags: RunFlags): CliRun {
  checkFlags(flags);
  checkLoadFromFlags(flags);
  const target = liveTarget(flags);
  return {
    ...(target ? { target } : {}),
    scenarios,
    manifests: flags.manifest,
    image: flags.image,
    thresholdsFile: flags.thresholds,
    providerOptions: {
      ...localProviderOptions(flags),
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      allowContext: flags.allowContext,
      target: target ? undefined : flags.target,
      colocate: flags.colocate,
      dryRun: flags.dryRun,
      loadPods: flags.loadPods,
      loadImage: flags.loadImage,
      loadHostNetwork: flags.loadHostNetwork,
    },
    loadFrom: flags.loadFrom,
    provider: flags.provider,
    disruption: flags.disruption,
    ...(flags.scaleBy !== undefined ? { scaleBy: flags.scaleBy } : {}),
    ...runtimeOptions(flags),
  };
}

/** `--target deployment/NAME -n NS [--service S]`, or undefined for `--target host:port` and no --target. */
function liveTarget(flags: RunFlags): LiveTargetRequest | undefined {
  if (flags.target === undefined || !isWorkloadRef(flags.target)) {
    for (const [flag, value] of [
      ['--namespace', flags.namespace],
      ['--service', flags.service],
    ] as const)
      if (value !== undefined) throw new ZerodropError('goes with --target deployment/NAME', { field: flag });
    return undefined;
  }
  if (flags.provider === 'local')
    throw new ZerodropError('a live Deployment is measured on a real cluster: --provider kubeconfig or kind', { field: '--target' });
  return { ref: parseWorkloadRef(flags.target, flags.namespace ?? 'default'), ...(flags.service ? { service: flags.service } : {}) };
}
