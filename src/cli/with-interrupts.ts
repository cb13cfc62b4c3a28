import { ExitCode } from '../errors/index.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** What is still to clean up when a second interrupt comes (a run's CleanupStack). */
export interface PendingCleanup {
  pending(): string[];
}

export interface InterruptOptions {
  /** Named by the second interrupt and by the third (what is left behind). */
  cleanup?: PendingCleanup;
  /** Where the notices go (a run's progress display, so they land below its rows); default stderr. */
  say?: (line: string) => void;
}

/**
 * SIGINT and SIGTERM alike: the first aborts (every wait rejects, cleanup starts), the second
 * says what is still being cleaned, the third abandons cleanup, names what was left and exits 130.
 */
export function interruptHandler(
  controller: AbortController,
  cleanup?: PendingCleanup,
  say: (line: string) => void = stderrLine,
): () => void {
  let count = 0;
  const pending = () => cleanup?.pending() ?? [];
  return () => {
    count++;
    if (count === 1) {
      say('zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)');
      controller.abort(new Error('interrupted'));
    } else if (count === 2) {
      say(`zerodrop: still cleaning up: ${pending().join(', ') || 'finishing'} (interrupt again to abandon)`);
    } else {
      say(`zerodrop: cleanup abandoned; left behind: ${pending().join(', ') || 'nothing known'} (run: zerodrop cleanup)`);
      process.exit(ExitCode.Interrupted);
    }
  };
}

/**
 * Runs one command with the interrupt handler on SIGINT and SIGTERM: `fn` gets the signal the
 * first interrupt aborts, and returns the exit code. An error thrown after the abort is the
 * interrupt itself: `zerodrop: interrupted`, exit 130.
 */
export async function withInterrupts(fn: (signal: AbortSignal) => Promise<number>, opts: InterruptOptions = {}): Promise<number> {
  const controller = new AbortController();
  const say = opts.say ?? stderrLine;
  const onSignal = interruptHandler(controller, opts.cleanup, say);
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await fn(controller.signal);
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    say('zerodrop: interrupted');
    return ExitCode.Interrupted;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
