import { CleanupStack, type ProgressEvent, type RunOptions, type RunResult, run } from '../api/index.ts';
import { verdictMet } from '../metrics/index.ts';
import { failedThresholdLines } from '../render/index.ts';
import { renderConsole, renderMarkdown } from '../report/index.ts';
import { openLiveView } from './live-view.ts';
import { createProgressDisplay } from './progress-display.ts';
import { appendStepSummary } from './step-summary.ts';
import { withInterrupts } from './with-interrupts.ts';

const out = (line: string) => {
  process.stdout.write(`${line}\n`);
};
const err = (line: string) => {
  process.stderr.write(`${line}\n`);
};

export interface LiveOptions {
  /** --live: serve the live view on this port (0: a free one); its URL is printed first. */
  live?: number;
  /** A line printed before the run starts (after the live view's URL). */
  banner?: string;
}

/**
 * `run` and `demo`: one library run under the interrupt wrapper, with the progress display (and
 * the live view); then prints the console table and where the reports went, appends report.md
 * to the GitHub step summary when there is one, and returns the run's exit code.
 */
export async function runAndReport(opts: Omit<RunOptions, 'signal' | 'onProgress' | 'cleanup'> & LiveOptions): Promise<number> {
  const { live: livePort, banner, ...runOpts } = opts;
  const live = await openLiveView(livePort);
  if (banner) err(banner);
  const cleanup = new CleanupStack();
  const display = createProgressDisplay();
  try {
    return await withInterrupts(
      async (signal) => {
        const onProgress = live
          ? (e: ProgressEvent) => {
              display(e);
              live.listener(e);
            }
          : display;
        const result = await run({ ...runOpts, signal, cleanup, onProgress });
        display.close();
        return printRun(result);
      },
      { cleanup, say: display.say },
    );
  } finally {
    display.close();
    await live?.close();
  }
}

/** Prints a run's result and returns its exit code; a run some of whose scenario runs failed throws that error (printed by main). */
export function printRun(r: RunResult): number {
  if (r.interrupted) {
    for (const f of r.files) out(`wrote ${f}`);
    err('zerodrop: interrupted; cleaned up, measured data kept');
    return r.exitCode;
  }
  if (r.plan) out(r.plan.join('\n'));
  if (r.report) out(`\n${renderConsole(r.report)}`);
  for (const f of r.files) out(`wrote ${f}`);
  for (const c of r.cleanupFailures) err(`zerodrop: cleanup: ${c}`);
  if (r.report) appendStepSummary(renderMarkdown(r.report));
  if (r.error) throw r.error;
  for (const s of r.invalid) err(`zerodrop: ${s.name}: measurement invalid: ${s.invalidReasons.join('; ')}`);
  for (const s of r.missed) {
    if (!verdictMet(s.verdict, s.expected)) err(`zerodrop: ${s.name} was ${s.verdict}, expected ${s.expected}`);
    for (const t of failedThresholdLines(s)) err(`zerodrop: ${s.name}: threshold failed: ${t}`);
  }
  for (const k of r.regressions) err(`zerodrop: regression: ${k.message}`);
  return r.exitCode;
}
