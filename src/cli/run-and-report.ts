import { ExitCode } from '../errors/exit-codes.ts';
import { renderConsole } from '../report/reporters/console.ts';
import { executeRun } from '../run/execute-run.ts';
import type { RunOptions } from '../run/run-options.ts';
import { createProgressDisplay } from './progress-display.ts';

/** Runs, prints the console table and where the reports went, and returns the exit code. */
export async function runAndReport(opts: Omit<RunOptions, 'signal' | 'onProgress'>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    const { ctx, cleanupFailures } = await executeRun({ ...opts, signal: controller.signal, onProgress: createProgressDisplay() });
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
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
