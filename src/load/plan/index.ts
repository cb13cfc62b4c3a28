/**
 * The front of load/plan: a run's load settings, their ranges and defaults, and the load plan
 * resolved from them once per scenario (checked, split over the streams, connection limit set).
 */
export { checkLoad, type LoadSource } from './check-load.ts';
export { DEFAULT_LOAD, DEFAULT_POOL } from './default-load.ts';
export { LOAD_FLAGS, LOAD_LIMITS, MAX_PATH_LENGTH, MIN_STREAM_RATE, PATH_PATTERN, pathProblem } from './load-limits.ts';
export { type LoadOrigin, type LoadPlan, resolveLoadPlan } from './load-plan.ts';
export type { LoadSettings } from './load-settings.ts';
export { sharePlan } from './pod-share.ts';
