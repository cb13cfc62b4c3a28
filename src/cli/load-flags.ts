import { SERVICE_MODES, type ServiceModeChoice } from '../cluster/names.ts';
import type { ProviderOptions } from '../cluster/create-provider.ts';
import type { Command } from 'commander';
import { STREAMS, type StreamName } from '../load/types.ts';
import type { LoadSettings } from '../scenario/types.ts';
import { LOAD_LIMITS as L } from '../scenario/load-limits.ts';
import { choiceFlag, intFlag, textFlag } from './parse-flags.ts';

const STREAM_CHOICES = ['both', ...STREAMS] as const;

const limited = (flag: string, r: { min: number; max: number }) => intFlag(flag, r.min, r.max);

/** Flags shared by `run` and `demo` that override scenario load settings and runtime knobs. */
export function addLoadFlags(cmd: Command): Command {
  return cmd
    .option('--rate <rps>', 'requests per second over all streams, sent on schedule whatever the latency', limited('--rate', L.rate))
    .option('--streams <which>', 'both | keep-alive | new-connection (default both: reused and new connections measured apart)', choiceFlag('--streams', STREAM_CHOICES))
    .option('--keep-alive-percent <n>', 'with both streams: percent of the rate on kept-alive connections (default 50)', limited('--keep-alive-percent', L.keepAlivePercent))
    .option('--max-connections <n>', 'most connections open at once; slots beyond are recorded as dropped (default: rate x timeout)', intFlag('--max-connections', 1, L.maxConnections.max))
    .option('--timeout <ms>', 'request timeout in milliseconds', limited('--timeout', L.timeoutMs))
    .option('--baseline <seconds>', 'baseline phase length', limited('--baseline', L.baselineSeconds))
    .option('--recovery <seconds>', 'recovery phase length', limited('--recovery', L.recoverySeconds))
    .option('--repeat <n>', 'run each scenario N times', intFlag('--repeat', 1, 1000), 1)
    .option('--scenario-dir <dir>', 'scenario catalogue directory (default: the shipped scenarios/)', textFlag('--scenario-dir'))
    .option('--out <dir>', 'report directory (default reports/<run-id>)', textFlag('--out'))
    .option('--parallel <n>', 'scenarios run side by side (default: all on local, 1 on a cluster)', intFlag('--parallel', 1, 64))
    .option('--nodes <n>', 'emulated nodes (local provider)', intFlag('--nodes', 1, 3))
    .option('--service-mode <mode>', 'embedded Service data path: auto | iptables | userspace', choiceFlag('--service-mode', SERVICE_MODES))
    .option('--propagation-delay <ms>', 'endpoint propagation delay (local provider)', intFlag('--propagation-delay', 0, 60_000));
}

export interface LoadFlagValues {
  rate?: number; streams?: (typeof STREAM_CHOICES)[number]; keepAlivePercent?: number; maxConnections?: number; timeout?: number; baseline?: number; recovery?: number;
  repeat: number; out?: string; scenarioDir?: string; parallel?: number; nodes?: number; propagationDelay?: number; serviceMode?: ServiceModeChoice;
}

export function loadOverrides(f: LoadFlagValues): Partial<LoadSettings> {
  const streams: StreamName[] | undefined = f.streams === undefined ? undefined : f.streams === 'both' ? [...STREAMS] : [f.streams];
  return {
    rate: f.rate, streams, keepAlivePercent: f.keepAlivePercent, maxConnections: f.maxConnections,
    timeoutMs: f.timeout, baselineSeconds: f.baseline, recoverySeconds: f.recovery,
  };
}

export function runtimeOptions(f: LoadFlagValues) {
  return {
    repeat: f.repeat, outDir: f.out, scenarioRoot: f.scenarioDir, parallel: f.parallel, load: loadOverrides(f),
  };
}

/** The embedded runtime's flags as provider options. */
export function localProviderOptions(f: LoadFlagValues): ProviderOptions {
  return { nodes: f.nodes, propagationDelayMs: f.propagationDelay, serviceMode: f.serviceMode };
}
