import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import type { RequestRecord } from './types.ts';

/**
 * Request log file format (one file per load run):
 *   line 1: header object `{"format":"zerodrop-requests","version":1,"epoch":<epoch ms>}`
 *   then one compact JSON array per request: `[t, ms, code, pod, conn, fresh]`
 *   with t relative to `epoch` (ms), ms the latency, code the status or error code,
 *   pod '' when unknown, conn the connection number and fresh 1 for the first request
 *   on its connection, else 0.
 */
export const REQUEST_LOG_FORMAT = 'zerodrop-requests';
export const REQUEST_LOG_VERSION = 1;

export interface RequestLogWriter {
  write(r: RequestRecord): void;
  /** Flushes and closes the file; resolves once everything is on disk. Idempotent. */
  close(): Promise<void>;
}

/** Opens `path` for writing (truncates) and writes the header line at once. */
export function openRequestLog(path: string, epoch = Date.now()): RequestLogWriter {
  const stream = createWriteStream(path, { flags: 'w' });
  let failure: Error | undefined;
  stream.on('error', (err) => { failure = err; });
  stream.write(`${JSON.stringify({ format: REQUEST_LOG_FORMAT, version: REQUEST_LOG_VERSION, epoch })}\n`);
  let closing: Promise<void> | undefined;
  return {
    write(r) {
      if (closing || failure) return;
      const ms = Math.round(r.ms * 10) / 10;
      stream.write(`${JSON.stringify([r.t - epoch, ms, r.code, r.pod, r.conn, r.fresh ? 1 : 0])}\n`);
    },
    close() {
      closing ??= (async () => {
        if (!stream.closed && !failure) {
          stream.end();
          await Promise.race([once(stream, 'close'), once(stream, 'error')]).catch(() => undefined);
        }
        if (failure) throw new ZerodropError(`cannot write request log: ${failure.message}`, { file: path, cause: failure });
      })();
      return closing;
    },
  };
}

function parseLine(line: string, epoch: number): RequestRecord | undefined {
  let v: unknown;
  try { v = JSON.parse(line); } catch { return undefined; }
  if (!Array.isArray(v) || v.length < 5) return undefined;
  const [t, ms, code, pod, conn, fresh] = v;
  if (typeof t !== 'number' || typeof ms !== 'number' || typeof conn !== 'number') return undefined;
  if (typeof code !== 'number' && typeof code !== 'string') return undefined;
  return { t: epoch + t, ms, code, pod: typeof pod === 'string' ? pod : '', conn, fresh: fresh === 1 };
}

/**
 * Streams the records of a request log. A truncated or unparseable last line (a run killed
 * mid-write) is skipped; a bad line anywhere else is an error naming the file and line.
 */
export async function* readRequestLog(path: string): AsyncGenerator<RequestRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let epoch: number | undefined;
  let lineNo = 0;
  let bad: number | undefined;
  for await (const line of lines) {
    lineNo++;
    if (line === '') continue;
    if (bad !== undefined) throw new ZerodropError(`malformed request record`, { file: path, field: `line ${bad}` });
    if (epoch === undefined) {
      epoch = parseHeader(line, path);
      continue;
    }
    const r = parseLine(line, epoch);
    if (r) yield r;
    else bad = lineNo;
  }
}

function parseHeader(line: string, path: string): number {
  let h: { format?: unknown; version?: unknown; epoch?: unknown } | undefined;
  try { h = JSON.parse(line); } catch { h = undefined; }
  if (!h || h.format !== REQUEST_LOG_FORMAT || typeof h.epoch !== 'number') {
    throw new ZerodropError('not a zerodrop request log (bad header line)', { file: path, field: 'line 1' });
  }
  if (h.version !== REQUEST_LOG_VERSION) {
    throw new ZerodropError(`unsupported request log version ${String(h.version)}`, { file: path, field: 'line 1' });
  }
  return h.epoch;
}

/** Reads a whole request log into memory. */
export async function readAllRequests(path: string): Promise<RequestRecord[]> {
  const out: RequestRecord[] = [];
  for await (const r of readRequestLog(path)) out.push(r);
  return out;
}
