import { ExitCode } from '../errors/exit-codes.ts';
import { renderConsole } from '../report/reporters/console.ts';
import { CleanupStack } from '../run/cleanup-stack.ts';
import { executeRun } from '../run/execute-run.ts';
import type { RunOptions } from '../run/run-options.ts';
import { createProgressDisplay } from './progress-display.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * SIGINT and SIGTERM alike: the first aborts the run (every wait rejects, cleanup starts), the
 * second says what is still being cleaned, the third abandons cleanup and names what was left.
 */
export function interruptHandler(controller: AbortController, cleanup: CleanupStack): () => void {
  let count = 0;
  return () => {
    count++;
    if (count === 1) {
      process.stderr.write('zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)\n');
      controller.abort(new Error('interrupted'));
    } else if (count === 2) {
      const pending = cleanup.pending();
      process.stderr.write(`zerodrop: still cleaning up: ${pending.join(', ') || 'finishing'} (interrupt again to abandon)\n`);
    } else {
      const left = cleanup.pending();
      process.stderr.write(`zerodrop: cleanup abandoned; left behind: ${left.join(', ') || 'nothing known'} (run: zerodrop cleanup)\n`);
      process.exit(ExitCode.Interrupted);
    }
  };
}

/** Runs, prints the console table and where the reports went, and returns the exit code. */
export async function runAndReport(opts: Omit<RunOptions, 'signal' | 'onProgress' | 'cleanup'>): Promise<number> {
  const controller = new AbortController();
  const cleanup = new CleanupStack();
  const onSignal = interruptHandler(controller, cleanup);
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const { ctx, cleanupFailures } = await executeRun({ ...opts, signal: controller.signal, cleanup, onProgress: createProgressDisplay() });
    if (ctx.plan) process.stdout.write(`${ctx.plan.join('\n')}\n`);
    if (ctx.report) process.stdout.write(`\n${renderConsole(ctx.report)}\n`);
    for (const f of ctx.files) process.stdout.write(`wrote ${f}\n`);
    for (const c of cleanupFailures) process.stderr.write(`zerodrop: cleanup: ${c}\n`);
    if (ctx.failed) throw ctx.failed;
    const scenarios = ctx.report?.scenarios ?? [];
    const invalid = scenarios.filter((s) => s.verdict === 'invalid');
    const missed = scenarios.filter((s) => !s.met && s.verdict !== 'invalid');
    for (const s of invalid) process.stderr.write(`zerodrop: ${s.name}: measurement invalid: ${s.invalidReasons.join('; ')}\n`);
    for (const s of missed) process.stderr.write(`zerodrop: ${s.name} was ${s.verdict}, expected ${s.expected}\n`);
    if (invalid.length) return ExitCode.InvalidMeasurement;
    return missed.length ? ExitCode.VerdictMismatch : ExitCode.Ok;
  } catch (err) {
    if (controller.signal.aborted) {
      process.stderr.write('zerodrop: interrupted; cleaned up, measured data kept\n');
      return ExitCode.Interrupted;
    }
    throw err;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
