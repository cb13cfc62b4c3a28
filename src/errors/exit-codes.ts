/** Every exit code zerodrop uses, in one place. */
export const ExitCode = {
  /** Every scenario met its expected verdict. */
  Ok: 0,
  /** At least one scenario did not meet its expected verdict. */
  VerdictMismatch: 1,
  /** zerodrop check: at least one error-level finding. */
  ErrorFindings: 1,
  /**
   * `compare`, `run --baseline PATH`: a scenario regressed against the base (a lossless one lost
   * requests, a verdict got worse, disruption seconds above the history's). The same code as a
   * missed verdict: either way the run did not hold its line.
   */
  Regression: 1,
  /** Bad input, or a run that failed before it could produce a verdict. */
  BadInput: 2,
  /** A measurement could not be trusted (verdict `invalid`): rerun, the app was not judged. */
  InvalidMeasurement: 3,
  /** Interrupted by the user (SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
