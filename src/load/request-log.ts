import { NdjsonWriter } from '../util/index.ts';
import { eventLine } from './connection-event.ts';
import { RecordLineEncoder } from './record-line.ts';
import type { LoaderInfo } from './remote/loader-info.ts';
import { REQUEST_LOG_FORMAT, REQUEST_LOG_VERSION } from './request-log-format.ts';
import type { ConnectionEvent, RequestRecord, StreamPlan } from './types.ts';

export { parseRecordLine, REQUEST_LOG_FORMAT, REQUEST_LOG_VERSION, type RequestLogHeader } from './request-log-format.ts';
export { readAllRequests, readRequestLog, readRequestLogHeader, scanRequestLog } from './request-log-read.ts';

// Writing the request log; its format: request-log-format.ts; reading it: request-log-read.ts.

const FLUSH_MS = 20;
const FLUSH_BYTES = 64 * 1024;

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
