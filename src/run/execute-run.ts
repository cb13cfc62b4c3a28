import { CleanupStack } from './cleanup-stack.ts';
import type { RunContext } from './run-context.ts';
import { newRunId } from './run-context.ts';
import type { RunOptions } from './run-options.ts';
import { defaultOutDir, RUN_STEPS } from './run-steps.ts';
import { writeReports } from './write-reports.ts';

/** Files written from what was measured before a run failed or was interrupted, keyed by the error it threw. */
const PARTIAL_FILES = new WeakMap<object, string[]>();

/** The report files a failed or interrupted run still wrote before it rethrew `err` (empty when none). */
export function partialFiles(err: unknown): string[] {
  return (typeof err === 'object' && err !== null && PARTIAL_FILES.get(err)) || [];
}

export interface RunResult {
  ctx: RunContext;
  /** Cleanup actions that failed (`label: message`). */
  cleanupFailures: string[];
}

/**
 * Executes RUN_STEPS in order, then the cleanup stack. If a step fails or the run is interrupted
 * after scenarios produced data, the report is still written from what was measured, then the error is rethrown.
 */
export async function executeRun(opts: RunOptions): Promise<RunResult> {
  const runId = newRunId();
  const ctx: RunContext = {
    opts,
    runId,
    outDir: opts.outDir ?? defaultOutDir(runId),
    startedAt: new Date(),
    cleanup: opts.cleanup ?? new CleanupStack(),
    scenarios: [],
    loads: new Map(),
    outputs: new Map(),
    notes: [],
    files: [],
  };
  let failure: unknown;
  try {
    for (const step of RUN_STEPS) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.({ type: 'step', message: step.name });
      await step.run(ctx);
    }
  } catch (err) {
    failure = err;
  }
  const cleanupFailures = await ctx.cleanup.runAll();
  if (failure !== undefined) {
    const measured = [...ctx.outputs.values()].some((o) => o.length > 0);
    if (measured && !ctx.report) {
      ctx.notes.push(`run did not finish: ${failure instanceof Error ? failure.message : String(failure)}`);
      await writeReports(ctx).catch(() => undefined);
      if (typeof failure === 'object' && failure !== null) PARTIAL_FILES.set(failure, [...ctx.files]);
    }
    throw failure;
  }
  return { ctx, cleanupFailures };
}
