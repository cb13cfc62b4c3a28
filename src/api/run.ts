import { compareWithBase, readReportSet } from '../compare/index.ts';
import { ExitCode, type ZerodropError } from '../errors/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import type { ReportModel } from '../metrics/index.ts';
import { executeRun, type ProviderName, partialFiles, type RunOptions as StepOptions } from '../run/index.ts';
import { judgeRun, type RunJudgement } from './judge-run.ts';

/** Earlier reports as read back from disk: where each came from, and its model. */
export type BaselineReports = readonly { file: string; model: ReportModel }[];

/** One run: scenarios under load through a disruption. Everything but the scenarios has a default. */
export interface RunOptions extends Omit<StepOptions, 'scenarios' | 'provider' | 'disruption' | 'repeat' | 'compare' | 'createProvider'> {
  /** Scenario names; default (empty): every scenario that supports the disruption. */
  scenarios?: string[];
  /** Default `local`: the embedded runtime, no cluster needed. */
  provider?: ProviderName;
  /** Default `rollout`. */
  disruption?: DisruptionKind;
  /** Runs of each scenario; default 1. */
  repeat?: number;
  /**
   * Compare the run with earlier reports: a report.json, a report directory or a directory of
   * them (read before the run starts), or reports already read. Regressions go into the result.
   */
  baseline?: string | BaselineReports;
}

/** What a run did. The library never prints and never exits: `exitCode` is what the CLI exits with. */
export interface RunResult extends RunJudgement {
  /** The report model, as written to report.json; absent on a dry run and when interrupted. */
  report?: ReportModel;
  /** The files the run wrote (report.json, report.md, report.junit.xml, ...); when interrupted, the partial report's files. */
  files: string[];
  /** `providerOptions.dryRun`: what the run would do to the cluster. */
  plan?: string[];
  /** Cleanup actions that failed (`label: message`): something may be left behind. */
  cleanupFailures: string[];
  /** Some scenario runs failed; the reports were written from the rest, and `exitCode` is this error's. */
  error?: ZerodropError;
  /** `signal` aborted the run: it cleaned up and kept what it measured; `exitCode` is 130. */
  interrupted: boolean;
}

/**
 * Runs scenarios and judges them. Bad input (unknown scenario, bad manifest, unreadable baseline)
 * throws a ZerodropError before anything starts; its `exitCode` is 2.
 */
export async function run(options: RunOptions = {}): Promise<RunResult> {
  const { baseline, scenarios = [], provider = 'local', disruption = 'rollout', repeat = 1, ...rest } = options;
  const base = typeof baseline === 'string' ? readReportSet(baseline) : baseline;
  const compare = base ? compareWithBase(base) : undefined;
  try {
    const { ctx, cleanupFailures } = await executeRun({ ...rest, scenarios, provider, disruption, repeat, compare });
    const judged = judgeRun(ctx.report);
    const result = { ...judged, report: ctx.report, files: ctx.files, plan: ctx.plan, cleanupFailures, interrupted: false };
    return ctx.failed ? { ...result, error: ctx.failed, exitCode: ctx.failed.exitCode } : result;
  } catch (err) {
    if (!options.signal?.aborted) throw err;
    return { ...judgeRun(undefined), exitCode: ExitCode.Interrupted, files: partialFiles(err), cleanupFailures: [], interrupted: true };
  }
}
