/** The kubelet's CrashLoopBackOff: the first restart at once, then 10 s doubling up to 5 min. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** A run at least this long resets the back-off. */
export const BACKOFF_RESET_AFTER_MS = 600_000;

export class RestartBackoff {
  private delay = 0;

  /** Delay before the next restart, given how long the last run lasted. */
  next(ranMs: number): number {
    if (ranMs >= BACKOFF_RESET_AFTER_MS) this.delay = 0;
    const now = this.delay;
    this.delay = now === 0 ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, now * 2);
    return now;
  }
}
