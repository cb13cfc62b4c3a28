/**
 * The range of every load setting, shared by scenario.yaml's schema, the CLI flags and the check
 * of the effective settings. Every bound keeps timers below Node's setTimeout limit (2^31-1 ms).
 */
export const LOAD_LIMITS = {
  /** Requests/s over all streams; each stream that runs gets at least MIN_STREAM_RATE. */
  rate: { min: 1, max: 100_000 },
  keepAlivePercent: { min: 0, max: 100 },
  /** 0 = enough for rate x timeout. */
  maxConnections: { min: 0, max: 100_000 },
  timeoutMs: { min: 1, max: 600_000 },
  reconnectEvery: { min: 0, max: 1_000_000 },
  /** 0 = never (only the server closes an idle connection). */
  idleCloseMs: { min: 0, max: 600_000 },
  baselineSeconds: { min: 0, max: 3600 },
  recoverySeconds: { min: 0, max: 3600 },
} as const;

/** Lowest rate a stream may run at (requests/s): below it a phase would send nothing. */
export const MIN_STREAM_RATE = 1;

/** Longest HTTP request path the load sends (characters). */
export const MAX_PATH_LENGTH = 2048;

/** An HTTP origin-form request target: `/` then visible ASCII only (no space, control or non-ASCII character). */
export const PATH_PATTERN = '^/[!-~]*$';

/** Why `path` is not a valid request target, or undefined when it is. */
export function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'must be a string';
  if (!path.startsWith('/')) return `must start with /, got ${JSON.stringify(path.slice(0, 40))}`;
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters, got ${path.length}`;
  const bad = /[^!-~]/.exec(path);
  if (bad)
    return `must be an HTTP request target: no spaces, control or non-ASCII characters (percent-encode them), got ${JSON.stringify(bad[0])} at position ${bad.index}`;
  return undefined;
}

/** The CLI flag that overrides each load setting (`path` and `reconnectEvery` have none). */
export const LOAD_FLAGS: Partial<Record<string, string>> = {
  rate: '--rate',
  streams: '--streams',
  keepAlivePercent: '--keep-alive-percent',
  maxConnections: '--max-connections',
  timeoutMs: '--timeout',
  poolOrder: '--pool-order',
  idleCloseMs: '--idle-close',
  baselineSeconds: '--baseline-seconds',
  recoverySeconds: '--recovery-seconds',
};
