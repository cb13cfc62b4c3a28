import type { ClusterProvider } from '../cluster/index.ts';
import type { ZerodropError } from '../errors/index.ts';
import type { LoadPlan, LoadTarget } from '../load/index.ts';
import type { ReportModel } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import type { RunOptions } from './run-options.ts';
import type { ScenarioRunOutput } from './scenario-run.ts';

/** State shared by the steps of one run. */
export interface RunContext {
  opts: RunOptions;
  runId: string;
  outDir: string;
  startedAt: Date;
  cleanup: CleanupStack;
  scenarios: Scenario[];
  /** Each scenario's load plan (scenario.yaml's load with the flags on top), by scenario name: resolved once, when the scenarios are loaded. */
  loads: Map<string, LoadPlan>;
  provider?: ClusterProvider;
  /** The control backend every scenario run sends its control stream to (control-backend.ts), when the provider runs one. */
  control?: LoadTarget;
  /** Completed iterations per scenario name, in order. */
  outputs: Map<string, ScenarioRunOutput[]>;
  /** Caveats for the report (provider notes, scenarios that failed mid-run). */
  notes: string[];
  report?: ReportModel;
  /** Set when some scenario runs failed; the CLI exits 2 after the reports are written. */
  failed?: ZerodropError;
  /** --dry-run: the actions the run would take, per scenario. */
  plan?: string[];
  /** Files written by the report step. */
  files: string[];
}

/** The load plan resolved for scenario `name` when the scenarios were loaded (resolveScenarios). */
export function loadPlanOf(ctx: Pick<RunContext, 'loads'>, name: string): LoadPlan {
  const plan = ctx.loads.get(name);
  if (!plan) throw new Error(`no load plan for scenario ${name}`);
  return plan;
}

/** reports/<UTC timestamp>-<random>: sortable and unique. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
