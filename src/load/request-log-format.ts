import { ZerodropError } from '../errors/index.ts';
import type { LoaderInfo } from './remote/loader-info.ts';
import { type RequestRecord, STREAMS, type StreamPlan } from './types.ts';

/**
 * Request log file format (one file per load run):
 *   line 1: header `{"format":"zerodrop-requests","version":2,"epoch":<epoch ms>,"streams":[{"name":"keep-alive","rate":50},...]}`
 *   then one compact JSON array per request slot: `[t, ms, code, pod, conn, fresh, stream, lag]`
 *   with t relative to `epoch` (ms, when sent or, for a dropped slot, when due), ms the latency,
 *   code the status or error code (load/codes.ts), pod '' when unknown, conn the connection
 *   number (0: none), fresh 1 for the first request on its connection, else 0, and stream the
 *   index into STREAMS (0 keep-alive, 1 new-connection), lag the send lag (ms the request left
 *   after its slot was due; RequestRecord.lag).
 * Load from inside the cluster (load/remote/loader-info.ts) adds a 9th column, `loader`: the index into
 * the header's `loaders` list (the load pods, with their node, clock offsets and slot accounting).
 * Connection events (an answer with no request open) are lines of the same shape with code
 * `"UNSOLICITED"` and ms 0 (load/connection-event.ts); readers hand them apart, never as records.
 * Version 2 logs have no lag column (loader is the 8th); version 1 logs (no streams, no stream
 * column) read as one keep-alive stream of unknown rate.
 */
export const REQUEST_LOG_FORMAT = 'zerodrop-requests';
export const REQUEST_LOG_VERSION = 3;

export interface RequestLogHeader {
  epoch: number;
  /** The log's format version (1, 2 or REQUEST_LOG_VERSION). */
  version: number;
  streams: StreamPlan[];
  /** Load from inside the cluster: the load pods, indexed by each record's `loader`. */
  loaders?: LoaderInfo[];
}

/** One record line (a parsed JSON array) of a log of `version`, with `t` made absolute; undefined when it is not one. */
export function parseRecordLine(v: unknown, epoch: number, version = REQUEST_LOG_VERSION): RequestRecord | undefined {
  return Array.isArray(v) ? recordOf(v, v.length, epoch, version) : undefined;
}

/** As parseRecordLine, from the first `length` values of `v` (a line's fields, see RecordFieldDecoder). */
export function recordOf(v: ArrayLike<unknown>, length: number, epoch: number, version = REQUEST_LOG_VERSION): RequestRecord | undefined {
  if (length < 5) return undefined;
  const at = (i: number) => (i < length ? v[i] : undefined);
  const t = v[0];
  const ms = v[1];
  const code = v[2];
  const conn = v[4];
  const lag = version >= 3 ? at(7) : 0;
  const loader = version >= 3 ? at(8) : at(7);
  if (typeof t !== 'number' || typeof ms !== 'number' || typeof conn !== 'number') return undefined;
  if (typeof code !== 'number' && typeof code !== 'string') return undefined;
  const s = at(6);
  const stream = STREAMS[typeof s === 'number' ? s : 0];
  if (!stream) return undefined;
  const pod = v[3];
  const r: RequestRecord = { t: epoch + t, ms, code, pod: typeof pod === 'string' ? pod : '', conn, fresh: at(5) === 1, stream };
  if (typeof lag === 'number' && lag > 0) r.lag = lag;
  if (typeof loader === 'number') r.loader = loader;
  return r;
}

/** The header line's value; a ZerodropError naming `path` when it is not one this reader knows. */
export function parseHeader(v: unknown, path: string): RequestLogHeader {
  const h = v as { format?: unknown; version?: unknown; epoch?: unknown; streams?: unknown; loaders?: unknown } | null;
  if (!h || h.format !== REQUEST_LOG_FORMAT || typeof h.epoch !== 'number') {
    throw new ZerodropError('not a zerodrop request log (bad header line)', { file: path, field: 'line 1' });
  }
  if (h.version !== REQUEST_LOG_VERSION && h.version !== 2 && h.version !== 1) {
    throw new ZerodropError(`unsupported request log version ${String(h.version)}`, { file: path, field: 'line 1' });
  }
  const streams = Array.isArray(h.streams)
    ? h.streams.filter((x): x is StreamPlan => STREAMS.includes(x?.name) && typeof x?.rate === 'number')
    : [{ name: 'keep-alive' as const, rate: 0 }];
  return { epoch: h.epoch, version: h.version, streams, ...(Array.isArray(h.loaders) ? { loaders: h.loaders as LoaderInfo[] } : {}) };
}
