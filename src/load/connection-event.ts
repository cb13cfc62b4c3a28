import type { ConnectionEvent, RequestRecord } from './types.ts';

/**
 * A connection event's line in the request log (and in a load agent's output) has the shape of
 * a record line, so the one encoder, the agent's numbering and de-duplication, and the merge of
 * load pods' logs carry it unchanged: `[t, 0, "UNSOLICITED", pod, conn, 0, stream]`. Its code is
 * no request outcome: the log's readers hand these lines to an event callback, never count them
 * as requests (load/request-log.ts, load/remote/agent-stream.ts). A reader that predates events
 * reads such a line as one failed request of code UNSOLICITED.
 */
export const EVENT_CODES = { unsolicited: 'UNSOLICITED' } as const;

/** The record-shaped line of an event. */
export function eventLine(e: ConnectionEvent): RequestRecord {
  const r: RequestRecord = { t: e.t, ms: 0, code: EVENT_CODES[e.kind], pod: e.pod, conn: e.conn, fresh: false, stream: e.stream };
  if (e.loader !== undefined) r.loader = e.loader;
  return r;
}

/** The event a parsed line stands for, or undefined when it is a request record. */
export function eventOf(r: RequestRecord): ConnectionEvent | undefined {
  if (r.code !== EVENT_CODES.unsolicited) return undefined;
  const e: ConnectionEvent = { kind: 'unsolicited', t: r.t, pod: r.pod, conn: r.conn, stream: r.stream };
  if (r.loader !== undefined) e.loader = r.loader;
  return e;
}
