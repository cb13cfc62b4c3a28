import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { ProviderOptions } from '../cluster/index.ts';
import { SERVICE_MODES, type ServiceModeChoice } from '../cluster/index.ts';
import { readReportSet } from '../compare/index.ts';
import { ZerodropError } from '../errors/index.ts';
import type { LoadSettings } from '../load/index.ts';
import { LOAD_LIMITS as L, POOL_ORDERS, type PoolOrder, STREAMS, type StreamName } from '../load/index.ts';
import { liveFlag } from './live-view.ts';
import { choiceFlag, intFlag, textFlag } from './parse-flags.ts';

const STREAM_CHOICES = ['both', ...STREAMS] as const;

const limited = (flag: string, r: { min: number; max: number }) => intFlag(flag, r.min, r.max);

/** Flags shared by `run` and `demo` that override scenario load settings and runtime knobs. */
export function addLoadFlags(cmd: Command): Command {
  return cmd
    .option('--rate <rps>', 'requests per second over all streams, sent on schedule whatever the latency', limited('--rate', L.rate))
    .option(
      '--streams <which>',
      'both | keep-alive | new-connection (default both: reused and new connections measured apart)',
      choiceFlag('--streams', STREAM_CHOICES),
    )
    .option(
      '--keep-alive-percent <n>',
      'with both streams: percent of the rate on kept-alive connections (default 50)',
      limited('--keep-alive-percent', L.keepAlivePercent),
    )
    .option(
      '--max-connections <n>',
      'most connections open at once; slots beyond are recorded as dropped (default: rate x timeout)',
      intFlag('--max-connections', 1, L.maxConnections.max),
    )
    .option('--timeout <ms>', 'request timeout in milliseconds', limited('--timeout', L.timeoutMs))
    .option(
      '--pool-order <order>',
      'keep-alive stream: lifo takes the most recently used idle connection (Go, Node, urllib3; default), fifo the least',
      choiceFlag('--pool-order', POOL_ORDERS),
    )
    .option(
      '--idle-close <ms>',
      'keep-alive stream: close a connection idle this long, 0 never (default 2000)',
      limited('--idle-close', L.idleCloseMs),
    )
    .option('--baseline-seconds <seconds>', 'baseline phase length', limited('--baseline-seconds', L.baselineSeconds))
    .option('--recovery-seconds <seconds>', 'recovery phase length', limited('--recovery-seconds', L.recoverySeconds))
    .option('--recovery <seconds>', 'alias of --recovery-seconds', limited('--recovery', L.recoverySeconds))
    .option(
      '--baseline <report>',
      'compare the run with this report.json, report directory or directory of earlier reports; exit 1 on a regression (a plain number is the deprecated --baseline-seconds)',
      textFlag('--baseline'),
    )
    .option(
      '--settle-timeout <seconds>',
      "how long pods may take to become ready before the baseline (default: the Deployment's progressDeadlineSeconds, 600)",
      intFlag('--settle-timeout', 1, 86_400),
    )
    .option('--repeat <n>', 'run each scenario N times', intFlag('--repeat', 1, 1000), 1)
    .option('--scenario-dir <dir>', 'scenario catalogue directory (default: the shipped scenarios/)', textFlag('--scenario-dir'))
    .option('--out <dir>', 'report directory (default reports/<run-id>)', textFlag('--out'))
    .option('--parallel <n>', 'scenarios run side by side (default: all on local, 1 on a cluster)', intFlag('--parallel', 1, 64))
    .option('--nodes <n>', 'emulated nodes (local provider)', intFlag('--nodes', 1, 3))
    .option('--service-mode <mode>', 'embedded Service data path: auto | iptables | userspace', choiceFlag('--service-mode', SERVICE_MODES))
    .option('--propagation-delay <ms>', 'endpoint propagation delay (local provider)', intFlag('--propagation-delay', 0, 60_000))
    .option(
      '--live [port]',
      'serve a live view of the run on 127.0.0.1:PORT (a free port without PORT; its URL is printed first)',
      liveFlag,
    );
}

export interface LoadFlagValues {
  rate?: number;
  streams?: (typeof STREAM_CHOICES)[number];
  keepAlivePercent?: number;
  maxConnections?: number;
  timeout?: number;
  poolOrder?: PoolOrder;
  idleClose?: number;
  baselineSeconds?: number;
  recoverySeconds?: number;
  recovery?: number;
  baseline?: string;
  repeat: number;
  settleTimeout?: number;
  out?: string;
  scenarioDir?: string;
  parallel?: number;
  nodes?: number;
  propagationDelay?: number;
  serviceMode?: ServiceModeChoice;
  /** --live: true without a port. */
  live?: number | true;
}

/**
 * What `--baseline VALUE` means: a report to compare with, or, for a plain number that names no
 * file, the baseline phase length (its meaning before `--baseline-seconds`; `deprecation` says so).
 */
export function baselineFlag(f: Pick<LoadFlagValues, 'baseline' | 'baselineSeconds'>): {
  path?: string;
  seconds?: number;
  deprecation?: string;
} {
  const v = f.baseline;
  if (v === undefined) return {};
  if (!/^[+-]?\d+(\.\d+)?$/.test(v) || existsSync(v)) return { path: v };
  const seconds = limited('--baseline', L.baselineSeconds)(v);
  if (f.baselineSeconds !== undefined) {
    throw new ZerodropError(
      `a number, the old form of --baseline-seconds, and --baseline-seconds is also given, got ${JSON.stringify(v)}`,
      { field: '--baseline', hint: 'give --baseline a report path, or drop it' },
    );
  }
  return {
    seconds,
    deprecation: `--baseline ${v}: a number of seconds is deprecated here, use --baseline-seconds ${v} (--baseline takes a report to compare with)`,
  };
}

export function loadOverrides(f: LoadFlagValues, baselineSeconds = f.baselineSeconds): Partial<LoadSettings> {
  const streams: StreamName[] | undefined = f.streams === undefined ? undefined : f.streams === 'both' ? [...STREAMS] : [f.streams];
  if (f.recovery !== undefined && f.recoverySeconds !== undefined) {
    throw new ZerodropError('is an alias of --recovery-seconds, and both are given', {
      field: '--recovery',
      hint: 'keep --recovery-seconds',
    });
  }
  return {
    rate: f.rate,
    streams,
    keepAlivePercent: f.keepAlivePercent,
    maxConnections: f.maxConnections,
    timeoutMs: f.timeout,
    poolOrder: f.poolOrder,
    idleCloseMs: f.idleClose,
    baselineSeconds,
    recoverySeconds: f.recoverySeconds ?? f.recovery,
  };
}

/**
 * The run's options from the shared flags. `--baseline PATH` is read here, before anything
 * starts (bad input exits 2 at once); the run compares its report with it when it is written.
 */
export function runtimeOptions(f: LoadFlagValues) {
  const baseline = baselineFlag(f);
  if (baseline.deprecation) process.stderr.write(`zerodrop: ${baseline.deprecation}\n`);
  return {
    repeat: f.repeat,
    outDir: f.out,
    ...(f.settleTimeout === undefined ? {} : { settleTimeoutMs: f.settleTimeout * 1000 }),
    scenarioRoot: f.scenarioDir,
    parallel: f.parallel,
    live: f.live === true ? 0 : f.live,
    load: loadOverrides(f, baseline.seconds ?? f.baselineSeconds),
    ...(baseline.path === undefined ? {} : { baseline: readReportSet(baseline.path) }),
  };
}

/** The embedded runtime's flags as provider options. */
export function localProviderOptions(f: LoadFlagValues): ProviderOptions {
  return { nodes: f.nodes, propagationDelayMs: f.propagationDelay, serviceMode: f.serviceMode };
}
