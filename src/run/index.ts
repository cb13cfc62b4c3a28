/** The public face of run/: everything other modules use from it. */
export { CleanupStack } from './cleanup-stack.ts';
export { executeRun } from './execute-run.ts';
export { BIN_MS } from './outcome-bins.ts';
export { type OutcomeCounts, type ProgressEvent, type ProgressListener } from './progress.ts';
export { type ProviderName, type RunOptions } from './run-options.ts';
