/** Every exit code zerodrop uses, in one place. */
export const ExitCode = {
  /** Every scenario met its expected verdict. */
  Ok: 0,
  /** At least one scenario did not meet its expected verdict. */
  VerdictMismatch: 1,
  /** Bad input, or a run that failed before it could produce a verdict. */
  BadInput: 2,
  /** A measurement could not be trusted (verdict `invalid`): rerun, the app was not judged. */
  InvalidMeasurement: 3,
  /** Interrupted by the user (SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
