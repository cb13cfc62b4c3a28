/** The two load streams, sampled apart (new and reused connections fail differently). */
export const STREAMS = ['keep-alive', 'new-connection'] as const;
export type StreamName = (typeof STREAMS)[number];

/**
 * One request slot, recorded once. Written to disk as a compact JSON array line
 * (see load/request-log.ts); every count is derived from these.
 */
export interface RequestRecord {
  /** When the request was sent (for a dropped slot: when it was due), epoch milliseconds. */
  t: number;
  /** Latency in milliseconds: from `t` to the full response or to the error (0 for a dropped slot): the service time. */
  ms: number;
  /**
   * Send lag, ms: how late the request left after its slot was due (0 or absent: on time). Its
   * intended send time is `t - lag`, and `lag + ms` its latency from the intended time, as a
   * user who arrived on schedule saw it (wrk2, k6: no coordinated omission).
   */
  lag?: number;
  /** HTTP status (number), or an error code string: see load/codes.ts. */
  code: number | string;
  /** Pod that answered (x-zerodrop-pod); for a failure, the pod the connection last reached; '' when unknown. */
  pod: string;
  /** Connection number, unique within one load run (0: no connection, e.g. a dropped slot). */
  conn: number;
  /** True when this request was the first on its connection. */
  fresh?: boolean;
  /** The stream that sent it. */
  stream: StreamName;
  /** Load from inside the cluster: index of the load pod that sent it (the request log header lists them); absent for host load. */
  loader?: number;
}

/**
 * Something that happened to a connection, not to a request slot: an answer that arrived with
 * no request open (a second answer, an answer to nothing, a 408 on an idle kept-alive
 * connection). The connection is closed; no slot is recorded. Written to the request log beside
 * the records (load/connection-event.ts); the report counts them per stream.
 */
export interface ConnectionEvent {
  kind: 'unsolicited';
  /** When it happened, epoch milliseconds. */
  t: number;
  /** The pod the connection last reached ('' when unknown). */
  pod: string;
  conn: number;
  stream: StreamName;
  /** As RequestRecord.loader. */
  loader?: number;
}

/** Per stream, the schedule it was given: the report derives target requests from it. */
export interface StreamPlan {
  name: StreamName;
  /** Requests per second this stream was asked to send. */
  rate: number;
}

export interface LoadTarget {
  host: string;
  port: number;
  path: string;
}

/**
 * What one load driver runs: the host's whole plan, or one load pod's share of it (the pod's
 * agent config carries these fields as they are). Made by load/plan (resolveLoadPlan, sharePlan).
 */
export interface DriverPlan {
  /** Streams and their rates (open model: requests start on schedule, whatever the latency). */
  streams: StreamPlan[];
  /** Most connections open at once over all streams; a slot that cannot get one is recorded as dropped. */
  maxConnections: number;
  timeoutMs: number;
  /** keep-alive stream: close and reopen a connection after this many requests (0 = never). */
  reconnectEvery: number;
  /** keep-alive stream: which idle connection a request takes, and when an idle one is closed. */
  pool: KeepAlivePool;
}

/** Which idle kept-alive connection a request takes: `lifo` the most recently used (Go's Transport, Node's Agent, urllib3), `fifo` the least. */
export const POOL_ORDERS = ['lifo', 'fifo'] as const;
export type PoolOrder = (typeof POOL_ORDERS)[number];

/** The keep-alive stream's connection pool, a stated load setting (every report shows it). */
export interface KeepAlivePool {
  order: PoolOrder;
  /** An idle connection is closed by zerodrop after this long (0 = never: only the server closes it). */
  idleCloseMs: number;
}

export interface LoadOptions extends DriverPlan {
  target: LoadTarget;
  /** Called once per finished request (response, error or dropped slot). Must be cheap: it runs on the hot path. */
  onRecord: (r: RequestRecord) => void;
  /** Called once per connection event (an unsolicited answer); cheap, as onRecord. */
  onEvent?: (e: ConnectionEvent) => void;
}

/** A running load. */
export interface LoadRun {
  /** Sends no new request, waits for those in flight (at most timeoutMs), closes every connection. */
  stop(): Promise<void>;
  /** Most connections that were open at once so far. */
  peakConnections(): number;
  /** The largest send lag over every stream since the last call: how late a slot left after it was due, ms. */
  takeMaxSendLag(): number;
}

/** Header every scenario app response carries, naming the pod. */
export const POD_HEADER = 'x-zerodrop-pod';
