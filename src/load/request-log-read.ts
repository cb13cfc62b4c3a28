import { ZerodropError } from '../errors/index.ts';
import { scanNdjson } from '../util/index.ts';
import { eventOf } from './connection-event.ts';
import { RecordFieldDecoder } from './record-fields.ts';
import { parseHeader, parseRecordLine, REQUEST_LOG_VERSION, type RequestLogHeader, recordOf } from './request-log-format.ts';
import type { ConnectionEvent, RequestRecord } from './types.ts';

/**
 * Calls `onRecord` with every record of a request log, in order, and `onEvent` with its connection
 * events, in order among them; resolves at the end of the file. Reads 64 KiB at a time and parses
 * each line from its bytes (RecordFieldDecoder; JSON.parse only for a line of another shape): no
 * string, array or promise per record, so reading a million records makes little garbage. A
 * truncated or unparseable last line (a run killed mid-write) is skipped; a bad line anywhere else
 * is an error naming the file and line.
 */
export async function scanRequestLog(
  path: string,
  onRecord: (r: RequestRecord) => void,
  onHeader?: (h: RequestLogHeader) => void,
  onEvent?: (e: ConnectionEvent) => void,
): Promise<void> {
  const each = (r: RequestRecord) => {
    const e = eventOf(r);
    if (e) onEvent?.(e);
    else onRecord(r);
  };
  for await (const _ of requestLines(path, each, onHeader));
}

/** As scanRequestLog, as a stream of records. */
export async function* readRequestLog(
  path: string,
  onHeader?: (h: RequestLogHeader) => void,
  onEvent?: (e: ConnectionEvent) => void,
): AsyncGenerator<RequestRecord> {
  const batch: RequestRecord[] = [];
  for await (const _ of requestLines(path, (r) => batch.push(r), onHeader)) {
    for (const r of batch) {
      const e = eventOf(r);
      if (e) onEvent?.(e);
      else yield r;
    }
    batch.length = 0;
  }
}

/** Reads a log's header line alone. */
export async function readRequestLogHeader(path: string): Promise<RequestLogHeader> {
  let header: RequestLogHeader | undefined;
  const found = (h: RequestLogHeader) => {
    header = h;
  };
  for await (const _ of requestLines(path, () => undefined, found, true)) if (header) break;
  if (!header) throw new ZerodropError('not a zerodrop request log (empty)', { file: path, field: 'line 1' });
  return header;
}

/** Reads a whole request log into memory. */
export async function readAllRequests(path: string): Promise<RequestRecord[]> {
  const out: RequestRecord[] = [];
  await scanRequestLog(path, (r) => out.push(r));
  return out;
}

/**
 * The header to `onHeader`, then each record line (events too) to `onLine`; yields once per 64 KiB
 * read. `headerOnly`: the lines after the header are not even parsed (the caller stops at once).
 */
async function* requestLines(
  path: string,
  onLine: (r: RequestRecord) => void,
  onHeader?: (h: RequestLogHeader) => void,
  headerOnly = false,
): AsyncGenerator<void> {
  let epoch: number | undefined;
  let version = REQUEST_LOG_VERSION;
  const decoder = new RecordFieldDecoder();
  const take = (buf: Buffer, start: number, end: number): boolean => {
    if (epoch !== undefined) {
      if (headerOnly) return true;
      const n = decoder.decode(buf, start, end);
      const r = n >= 0 ? recordOf(decoder.fields, n, epoch, version) : parseRecordLine(json(buf, start, end), epoch, version);
      if (r) onLine(r);
      return r !== undefined;
    }
    const v = json(buf, start, end);
    if (v === undefined) return false;
    const header = parseHeader(v, path);
    epoch = header.epoch;
    version = header.version;
    onHeader?.(header);
    return true;
  };
  yield* scanNdjson(path, 'request record', take);
  if (epoch === undefined) throw new ZerodropError('not a zerodrop request log (bad header line)', { file: path, field: 'line 1' });
}

/** The line's JSON value; undefined when it is not JSON. */
function json(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return undefined;
  }
}
