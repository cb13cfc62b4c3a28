/**
 * One request, recorded once. Written to disk as a compact JSON array line
 * `[t, ms, code, pod, conn]` (see load/request-log.ts); every count is derived from these.
 */
export interface RequestRecord {
  /** Start time, epoch milliseconds. */
  t: number;
  /** Latency in milliseconds (time to the full response or to the error). */
  ms: number;
  /** HTTP status code (number) or the error code string (ECONNRESET, ECONNREFUSED, ETIMEDOUT, ...). */
  code: number | string;
  /** Pod that served the response (from the x-zerodrop-pod header), '' when unknown. */
  pod: string;
  /** Connection number, unique within one load run; a new number means a new TCP connection. */
  conn: number;
  /** True when this request was the first on its connection. */
  fresh?: boolean;
}

export interface LoadTarget {
  host: string;
  port: number;
  path: string;
}

export interface LoadOptions {
  target: LoadTarget;
  rate: number;
  connections: number;
  timeoutMs: number;
  reconnectEvery: number;
  /** Called once per finished request (response or error). Must be cheap: it runs on the hot path. */
  onRecord: (r: RequestRecord) => void;
}

/** A running load. */
export interface LoadRun {
  stop(): Promise<void>;
}

/** Header every scenario app response carries, naming the pod. */
export const POD_HEADER = 'x-zerodrop-pod';
