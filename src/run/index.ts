/** The public face of run/: everything other modules use from it. */
export { CleanupStack } from './cleanup-stack.ts';
export { executeRun, partialFiles } from './execute-run.ts';
export { BIN_MS } from './outcome-bins.ts';
export type { OutcomeCounts, ProgressEvent, ProgressListener } from './progress.ts';
export type { ProviderName, RunOptions } from './run-options.ts';
