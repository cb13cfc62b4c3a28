import type { PoolOrder, StreamName } from '../types.ts';

/** Load settings from scenario.yaml (`load:`), overridable from CLI flags. */
export interface LoadSettings {
  /** Requests per second over all streams (open model: sent on schedule, whatever the latency). */
  rate: number;
  /** Streams to drive side by side; the rate is split between them. */
  streams: StreamName[];
  /** With both streams: percent of the rate sent by the keep-alive stream (the rest opens a new connection per request). */
  keepAlivePercent: number;
  /** Most connections open at once over all streams (0 = enough for rate x timeout); a slot that cannot get one is dropped. */
  maxConnections: number;
  /** A request with no answer after this long counts as a timeout. */
  timeoutMs: number;
  /** keep-alive stream: close and reopen a connection after this many requests (0 = never). */
  reconnectEvery: number;
  /** keep-alive stream: which idle connection a request takes (lifo: most recently used, fifo: least recently used). */
  poolOrder: PoolOrder;
  /** keep-alive stream: zerodrop closes a connection idle this long (0 = never: only the server closes it). */
  idleCloseMs: number;
  /** Length of the baseline phase before the disruption starts. */
  baselineSeconds: number;
  /** Length of the recovery phase after the disruption has been observed complete. */
  recoverySeconds: number;
  /** HTTP path the load requests. */
  path: string;
}
