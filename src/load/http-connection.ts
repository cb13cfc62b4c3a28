import type { Socket } from 'node:net';
import { type AutocannonClient, newAutocannonClient, type ParserHeadersInfo, setParserCallbacks } from './autocannon-client.ts';
import { CODES, PARSE_ERROR_PREFIX } from './codes.ts';
import { type LoadTarget, POD_HEADER } from './types.ts';

/** The outcome of one request on a connection. */
export interface Answer {
  /** HTTP status, or an error code (load/codes.ts, a socket's errno code, or the parser's HPE_ code). */
  code: number | string;
  /** The pod that answered; for a failure, the pod this connection reached before ('' when unknown). */
  pod: string;
  /** performance.now() when the request was sent (for a fresh connection: when the connect began). */
  sentAt: number;
  endedAt: number;
  fresh: boolean;
}

export interface ConnectionOptions {
  target: LoadTarget;
  no: number;
  timeoutMs: number;
  /** Send `Connection: close` (one request per connection). */
  close: boolean;
  /** Called once, when the socket is gone (after an answer or idle). */
  onGone(conn: HttpConnection): void;
  /** An answer arrived with no request open: the connection is being closed (onGone follows). */
  onUnsolicited(conn: HttpConnection): void;
}

/**
 * One TCP connection that sends one request at a time when told to, on autocannon 9's Client
 * (its request builder, its http-parser-js parser, its 'headers'/'response' events). The
 * Client's own loop is switched off: it connects only through open(), writes only through
 * send(), and its reconnect-on-error/end, timeout ticker and ignored parser errors are replaced:
 * - a parse error is the answer, with the parser's code (HPE_...);
 * - a body delimited by the server closing the connection (HTTP/1.0, `Connection: close`
 *   without Content-Length) completes on the socket's end (parser.finish()), as in any client;
 * - end, close or error under an open request is that request's answer (ECONNRESET when the
 *   peer closed without an error code); an idle connection that goes away records nothing;
 * - a request without a complete answer after timeoutMs is ECONNTIMEOUT when the TCP connect
 *   never completed (an unanswered SYN), else ETIMEDOUT;
 * - a 1xx answer other than 101 (100 Continue, 103 Early Hints) is interim: skipped, the request
 *   waits for its final answer (its latency is to that answer);
 * - bytes that arrive with no request open (a second answer, an answer to nothing, a 408 on an
 *   idle kept-alive connection) close the connection, record nothing and are reported through
 *   onUnsolicited (the Client's own handler threw on them: it read the request of an empty queue).
 */
export class HttpConnection {
  readonly no: number;
  requests = 0;
  /** Usable for another request (open, kept alive, not failed). */
  reusable = true;
  idleSince = 0;
  /** When the request in flight was due (performance.now() time), set by its scheduler: its intended send time. */
  dueAt = 0;
  private readonly client: AutocannonClient;
  private readonly opts: ConnectionOptions;
  private sock: Socket | undefined;
  private connected = false;
  private gone = false;
  private allowConnect = false;
  private allowRequest = false;
  private lastPod = '';
  /** The head just parsed was an interim 1xx: its end is not the answer. */
  private interim = false;
  /** The request in flight; filled in and handed to `done` as its Answer (one object per request). */
  private pending: (Answer & { keepAlive: boolean; done(conn: HttpConnection, a: Answer): void }) | undefined;
  /** performance.now() after which the request in flight has timed out (checked by expire()). */
  private deadline = Infinity;

  constructor(opts: ConnectionOptions) {
    this.opts = opts;
    this.no = opts.no;
    const { host, port, path } = opts.target;
    this.client = newAutocannonClient({
      hostname: host,
      host: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
      port,
      path: path.startsWith('/') ? path : `/${path}`,
      method: 'GET',
      pipelining: 1,
      timeout: 1,
      headers: {},
      setupClient: (c) => this.takeOver(c),
    });
    if (opts.close) closeRequest(this.client);
    setParserCallbacks(this.client, { headers: (info) => this.onHeaders(info), complete: () => this.onComplete() });
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** The pod this connection last reached ('' when unknown). */
  get pod(): string {
    return this.lastPod;
  }

  /** Sends one request (connecting first if this connection has no socket yet). */
  send(done: (conn: HttpConnection, a: Answer) => void): void {
    const fresh = this.requests === 0;
    const sentAt = performance.now();
    this.pending = { code: 0, pod: this.lastPod, sentAt, endedAt: sentAt, fresh, keepAlive: true, done };
    this.requests++;
    this.deadline = this.pending.sentAt + this.opts.timeoutMs;
    this.interim = false;
    if (!this.sock) this.open();
    this.allowRequest = true;
    try {
      this.client._doRequest();
    } finally {
      this.allowRequest = false;
    }
  }

  /**
   * Times out the request in flight if its deadline has passed (one sweep timer per stream
   * calls this, instead of a timer per request): ECONNTIMEOUT when the TCP connect never
   * completed, else ETIMEDOUT.
   */
  expire(now: number): void {
    if (this.overdue(now)) this.fail(this.connected ? CODES.timeout : CODES.connectTimeout);
  }

  /** True when a request is in flight past its deadline at `now`. */
  overdue(now: number): boolean {
    return this.pending !== undefined && now >= this.deadline;
  }

  /** Closes the socket; a request in flight is not recorded. */
  close(): void {
    this.reusable = false;
    this.pending = undefined;
    this.teardown();
  }

  private takeOver(c: AutocannonClient): void {
    const connect = c._connect;
    const doRequest = c._doRequest;
    c._connect = () => {
      if (this.allowConnect) connect.call(c);
    };
    c._doRequest = () => {
      if (this.allowRequest) doRequest.call(c);
    };
    c._destroyConnection = () => undefined;
    c.pipelinedRequests.insertRequest = () => undefined; // answers are paired with `pending`, not the Client's queue
    const ticker = { reschedule: () => undefined, clear: () => undefined };
    Object.defineProperty(c, 'timeoutTicker', { configurable: true, get: () => ticker, set: (t: { clear(): void }) => t.clear() });
  }

  private open(): void {
    this.allowConnect = true;
    try {
      this.client._connect();
    } finally {
      this.allowConnect = false;
    }
    const sock = this.client.conn!;
    this.sock = sock;
    for (const ev of ['error', 'end', 'data']) sock.removeAllListeners(ev);
    sock.on('connect', () => {
      this.connected = true;
    });
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('end', () => this.onEnd());
    sock.on('error', (err: NodeJS.ErrnoException) => this.fail(err.code ?? 'EUNKNOWN'));
    sock.on('close', () => this.fail(CODES.reset));
  }

  private onData(chunk: Buffer): void {
    if (this.gone) return;
    if (!this.pending) {
      if (!blank(chunk, 0, chunk.length)) this.unsolicited();
      return;
    }
    const ret = this.client.parser.execute(chunk);
    if (!(ret instanceof Error)) return;
    if (this.pending) this.fail(parseCode(ret));
    else this.unsolicited(); // bytes after the answer, in the same read
  }

  private onEnd(): void {
    if (this.gone) return;
    if (this.pending) this.client.parser.finish(); // completes a close-delimited body
    this.fail(CODES.reset);
  }

  private onHeaders(info: ParserHeadersInfo): void {
    if (this.gone) return;
    const p = this.pending;
    if (!p) return this.unsolicited();
    const status = info.statusCode;
    this.interim = status >= 100 && status < 200 && status !== 101;
    if (this.interim) return;
    p.code = status;
    p.keepAlive = info.shouldKeepAlive && !info.upgrade && status !== 101;
    const h = info.headers;
    for (let i = 0; i + 1 < h.length; i += 2) {
      if (h[i].length === POD_HEADER.length && h[i].toLowerCase() === POD_HEADER) p.pod = h[i + 1];
    }
  }

  private onComplete(): void {
    if (this.gone) return;
    if (this.interim) {
      this.interim = false;
      return;
    }
    const p = this.pending;
    if (!p) return;
    const parser = this.client.parser;
    if (parser.chunk && !blank(parser.chunk, parser.offset, parser.end)) {
      // more bytes after the answer in the same read: nothing asked for them
      this.opts.onUnsolicited(this);
      this.reusable = false;
    }
    this.answer(p.code);
  }

  /** An answer with no request open: nothing to record it against; the connection is closed. */
  private unsolicited(): void {
    if (this.gone) return;
    this.reusable = false;
    this.opts.onUnsolicited(this);
    this.teardown();
  }

  private answer(code: number | string): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.deadline = Infinity;
    if (typeof code === 'number') this.lastPod = p.pod;
    if (!p.keepAlive || this.opts.close || typeof code !== 'number') this.reusable = false;
    if (!this.reusable) this.teardown();
    this.idleSince = performance.now();
    p.code = code;
    p.endedAt = performance.now();
    p.done(this, p);
  }

  /** The socket failed or ended: answers the request in flight with `code`, if any. */
  private fail(code: string): void {
    if (this.gone) return;
    this.reusable = false;
    if (this.pending) this.answer(code);
    this.teardown();
  }

  private teardown(): void {
    if (this.gone) return;
    this.gone = true;
    this.sock?.removeAllListeners('data');
    this.sock?.on('error', () => undefined);
    this.sock?.destroy();
    this.opts.onGone(this);
  }
}

/** autocannon's request builder always writes `Connection: keep-alive`; a one-request connection says close, as a client without keep-alive does. */
function closeRequest(c: AutocannonClient): void {
  const req = c.requestIterator.currentRequest;
  req.requestBuffer = Buffer.from(
    req.requestBuffer.toString('latin1').replace(/\r\nConnection: keep-alive\r\n/i, '\r\nConnection: close\r\n'),
    'latin1',
  );
}

/** Only CR and LF bytes in buf[from, to) (stray line ends between answers, which parsers skip). */
function blank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0x0d && buf[i] !== 0x0a) return false;
  return true;
}

function parseCode(err: Error & { code?: string }): string {
  if (err.code?.startsWith(PARSE_ERROR_PREFIX)) return err.code;
  return /header size/.test(err.message) ? 'HPE_HEADER_OVERFLOW' : 'HPE_INVALID';
}
