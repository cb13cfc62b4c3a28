import { failedChecks } from '../compare/index.ts';
import { verdictMet } from '../metrics/index.ts';
import { failedThresholdLines } from '../render/index.ts';
import { ExitCode } from '../errors/index.ts';
import { renderConsole } from '../report/index.ts';
import { renderMarkdown } from '../report/index.ts';
import { CleanupStack } from '../run/index.ts';
import { executeRun } from '../run/index.ts';
import type { ProgressEvent } from '../run/index.ts';
import type { RunOptions } from '../run/index.ts';
import { openLiveView } from './live-view.ts';
import { createProgressDisplay } from './progress-display.ts';
import { appendStepSummary } from './step-summary.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface LiveOptions {
  /** --live: serve the live view on this port (0: a free one); its URL is printed first. */
  live?: number;
  /** A line printed before the run starts (after the live view's URL). */
  banner?: string;
}

/**
 * SIGINT and SIGTERM alike: the first aborts the run (every wait rejects, cleanup starts), the
 * second says what is still being cleaned, the third abandons cleanup and names what was left.
 */
export function interruptHandler(controller: AbortController, cleanup: CleanupStack, say = (line: string) => { process.stderr.write(`${line}\n`); }): () => void {
  let count = 0;
  return () => {
    count++;
    if (count === 1) {
      say('zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)');
      controller.abort(new Error('interrupted'));
    } else if (count === 2) {
      const pending = cleanup.pending();
      say(`zerodrop: still cleaning up: ${pending.join(', ') || 'finishing'} (interrupt again to abandon)`);
    } else {
      const left = cleanup.pending();
      say(`zerodrop: cleanup abandoned; left behind: ${left.join(', ') || 'nothing known'} (run: zerodrop cleanup)`);
      process.exit(ExitCode.Interrupted);
    }
  };
}

/**
 * Runs, prints the console table and where the reports went, appends report.md to the GitHub
 * step summary when there is one, and returns the exit code (a regression against --baseline: 1).
 */
export async function runAndReport(opts: Omit<RunOptions, 'signal' | 'onProgress' | 'cleanup'> & LiveOptions): Promise<number> {
  const { live: livePort, banner, ...runOpts } = opts;
  const live = await openLiveView(livePort);
  if (banner) process.stderr.write(`${banner}\n`);
  const controller = new AbortController();
  const cleanup = new CleanupStack();
  const display = createProgressDisplay();
  const onSignal = interruptHandler(controller, cleanup, display.say);
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const onProgress = live ? (e: ProgressEvent) => { display(e); live.listener(e); } : display;
    const { ctx, cleanupFailures } = await executeRun({ ...runOpts, signal: controller.signal, cleanup, onProgress });
    display.close();
    if (ctx.plan) process.stdout.write(`${ctx.plan.join('\n')}\n`);
    if (ctx.report) process.stdout.write(`\n${renderConsole(ctx.report)}\n`);
    for (const f of ctx.files) process.stdout.write(`wrote ${f}\n`);
    for (const c of cleanupFailures) process.stderr.write(`zerodrop: cleanup: ${c}\n`);
    if (ctx.report) appendStepSummary(renderMarkdown(ctx.report));
    if (ctx.failed) throw ctx.failed;
    const scenarios = ctx.report?.scenarios ?? [];
    const invalid = scenarios.filter((s) => s.verdict === 'invalid');
    const missed = scenarios.filter((s) => !s.met && s.verdict !== 'invalid');
    for (const s of invalid) process.stderr.write(`zerodrop: ${s.name}: measurement invalid: ${s.invalidReasons.join('; ')}\n`);
    for (const s of missed) {
      const failed = failedThresholdLines(s);
      const verdictOk = verdictMet(s.verdict, s.expected);
      if (!verdictOk) process.stderr.write(`zerodrop: ${s.name} was ${s.verdict}, expected ${s.expected}\n`);
      for (const t of failed) process.stderr.write(`zerodrop: ${s.name}: threshold failed: ${t}\n`);
    }
    const regressions = failedChecks(ctx.report?.comparison);
    for (const k of regressions) process.stderr.write(`zerodrop: regression: ${k.message}\n`);
    if (invalid.length) return ExitCode.InvalidMeasurement;
    if (missed.length) return ExitCode.VerdictMismatch;
    return regressions.length ? ExitCode.Regression : ExitCode.Ok;
  } catch (err) {
    if (controller.signal.aborted) {
      process.stderr.write('zerodrop: interrupted; cleaned up, measured data kept\n');
      return ExitCode.Interrupted;
    }
    throw err;
  } finally {
    display.close();
    await live?.close();
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
