import { ZerodropError } from '../errors/index.ts';
import { NdjsonWriter, readNdjson } from '../util/index.ts';
import { eventLine, eventOf } from './connection-event.ts';
import { RecordLineEncoder } from './record-line.ts';
import type { LoaderInfo } from './remote/loader-info.ts';
import { type ConnectionEvent, type RequestRecord, STREAMS, type StreamPlan } from './types.ts';

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

const FLUSH_MS = 20;
const FLUSH_BYTES = 64 * 1024;

export interface RequestLogHeader {
  epoch: number;
  /** The log's format version (1, 2 or REQUEST_LOG_VERSION). */
  version: number;
  streams: StreamPlan[];
  /** Load from inside the cluster: the load pods, indexed by each record's `loader`. */
  loaders?: LoaderInfo[];
}

export interface RequestLogWriter {
  write(r: RequestRecord): void;
  /** A connection event, as a line among the records. */
  event(e: ConnectionEvent): void;
  /** Flushes and closes the file; resolves once everything is on disk. Idempotent. */
  close(): Promise<void>;
}

/** Opens `path` for writing (truncates) and writes the header line at once. */
export function openRequestLog(path: string, streams: StreamPlan[], epoch = Date.now(), loaders?: LoaderInfo[]): RequestLogWriter {
  const file = new NdjsonWriter(path, 'request log');
  file.writeValue({ format: REQUEST_LOG_FORMAT, version: REQUEST_LOG_VERSION, epoch, streams, ...(loaders ? { loaders } : {}) });
  // Lines are batched (a write call per record costs more than the record): flushed at 64 KiB
  // and at least every FLUSH_MS, so a killed run loses at most the last few milliseconds.
  const lines = new RecordLineEncoder(epoch);
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (lines.size === 0 || !file.open) return;
    const { bytes, block } = lines.take();
    file.write(bytes, () => lines.recycle(block));
  };
  const write = (r: RequestRecord) => {
    if (!file.open) return;
    if (lines.add(r) >= FLUSH_BYTES) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  };
  return {
    write,
    event: (e) => write(eventLine(e)),
    close() {
      flush();
      return file.close();
    },
  };
}

/** One record line (a parsed JSON array) of a log of `version`, with `t` made absolute; undefined when it is not one. */
export function parseRecordLine(v: unknown, epoch: number, version = REQUEST_LOG_VERSION): RequestRecord | undefined {
  if (!Array.isArray(v) || v.length < 5) return undefined;
  const [t, ms, code, pod, conn, fresh, s] = v;
  const lag = version >= 3 ? v[7] : 0;
  const loader = version >= 3 ? v[8] : v[7];
  if (typeof t !== 'number' || typeof ms !== 'number' || typeof conn !== 'number') return undefined;
  if (typeof code !== 'number' && typeof code !== 'string') return undefined;
  const stream = STREAMS[typeof s === 'number' ? s : 0];
  if (!stream) return undefined;
  const r: RequestRecord = { t: epoch + t, ms, code, pod: typeof pod === 'string' ? pod : '', conn, fresh: fresh === 1, stream };
  if (typeof lag === 'number' && lag > 0) r.lag = lag;
  if (typeof loader === 'number') r.loader = loader;
  return r;
}

/**
 * Streams the records of a request log; connection events go to `onEvent`, in order among them.
 * A truncated or unparseable last line (a run killed mid-write) is skipped; a bad line anywhere
 * else is an error naming the file and line.
 */
export async function* readRequestLog(
  path: string,
  onHeader?: (h: RequestLogHeader) => void,
  onEvent?: (e: ConnectionEvent) => void,
): AsyncGenerator<RequestRecord> {
  let epoch: number | undefined;
  let version = REQUEST_LOG_VERSION;
  const accept = (v: unknown): RequestRecord | null | undefined => {
    if (epoch !== undefined) return parseRecordLine(v, epoch, version);
    const header = parseHeader(v, path);
    epoch = header.epoch;
    version = header.version;
    onHeader?.(header);
    return null; // the header: no record
  };
  for await (const r of readNdjson(path, 'request record', accept)) {
    if (!r) continue;
    const e = eventOf(r);
    if (e) onEvent?.(e);
    else yield r;
  }
  if (epoch === undefined) throw new ZerodropError('not a zerodrop request log (bad header line)', { file: path, field: 'line 1' });
}

function parseHeader(v: unknown, path: string): RequestLogHeader {
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

/** Reads a log's header line alone. */
export async function readRequestLogHeader(path: string): Promise<RequestLogHeader> {
  let header: RequestLogHeader | undefined;
  for await (const _ of readRequestLog(path, (h) => {
    header = h;
  }))
    break;
  if (!header) throw new ZerodropError('not a zerodrop request log (empty)', { file: path, field: 'line 1' });
  return header;
}

/** Reads a whole request log into memory. */
export async function readAllRequests(path: string): Promise<RequestRecord[]> {
  const out: RequestRecord[] = [];
  for await (const r of readRequestLog(path)) out.push(r);
  return out;
}
