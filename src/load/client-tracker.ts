import type { AutocannonClient, ParserHeadersInfo } from './autocannon-client.ts';
import { POD_HEADER, type RequestRecord } from './types.ts';

export interface TrackerOptions {
  /** Delay before this client's first request; its per-second budget restarts on this phase. */
  offsetMs: number;
  timeoutMs: number;
  /** Reconnect after this many requests on one connection (0 = never). */
  reconnectEvery: number;
  nextConn(): number;
  onRecord(r: RequestRecord): void;
}

interface Conn { no: number; requests: number; dead: boolean }
interface InFlight { t: number; start: number; conn: Conn; fresh: boolean; pod: string; keepAlive: boolean }

/**
 * Records every request of one autocannon 9 Client and fixes, in place, the defects that make
 * it unlike a real HTTP/1.1 client. The shim (all set up from the `setupClient` hook):
 * - `_connect` is wrapped: each socket gets a new connection number, a fresh parser, and our
 *   own 'error'/'end'/'close' listeners instead of autocannon's, which reconnect at once on
 *   'end' and silently drop the request in flight (defect b). Events from a socket that is no
 *   longer current are ignored, so an old socket's late 'error' neither counts twice nor opens
 *   a second connection (defect c).
 * - `_doRequest` is wrapped: after a response without keep-alive (`Connection: close`), after
 *   `reconnectEvery` requests, or once the socket died, it opens a new connection before
 *   writing the next request instead of writing into the closing socket (defect a).
 *   Connections open lazily, when a request is due (as a real client's agent does), not
 *   eagerly at construction or right after a close while the client waits for its next second;
 *   `_destroyConnection` is made a no-op while no socket exists yet.
 * - `timeoutTicker` is replaced by a per-request timer: autocannon's ticker also fires while
 *   the client idles between rate-limited seconds and tears a healthy connection down.
 * - `rateInterval` (autocannon's per-second budget reset) is replaced by one started
 *   `offsetMs` late, and `_doRequest` also paces: the client's `rate` requests of a second go
 *   out one every 1000/rate ms instead of back to back. With the clients' offsets spread over
 *   one such gap, the load arrives evenly, not as a burst at the start of each second. The
 *   budget stays as the cap. A slot missed behind a slow answer is used late if at most one
 *   gap late, else skipped (no catch-up burst after a stall); pipelining 1 makes a client
 *   closed-loop, so a latency above its gap lowers the rate it achieves.
 * A request is in flight from autocannon's 'request' event to its 'response', a socket error
 * (its `code`), the socket ending ('ECONNRESET', Node's "socket hang up") or the timeout
 * ('ETIMEDOUT'). Pipelining is 1, so at most one request is in flight.
 */
export class ClientTracker {
  private readonly client: AutocannonClient;
  private readonly opts: TrackerOptions;
  private current: Conn | undefined;
  private inflight: InFlight | undefined;
  private mustReconnect = false;
  private started = false;
  private stopping = false;
  private startTimer: NodeJS.Timeout | undefined;
  private rateTimer: NodeJS.Timeout | undefined;
  private paceTimer: NodeJS.Timeout | undefined;
  /** performance.now() before which the next request must not start. */
  private nextDue = 0;
  private readonly gapMs: number;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private idle: (() => void) | undefined;

  constructor(client: AutocannonClient, opts: TrackerOptions) {
    this.client = client;
    this.opts = opts;
    this.gapMs = client.rate ? 1000 / client.rate : 0;
    const origConnect = client._connect;
    const origDoRequest = client._doRequest;
    const origDestroyConnection = client._destroyConnection;
    client._connect = () => this.connect(origConnect);
    client._destroyConnection = () => { if (client.conn) origDestroyConnection.call(client); };
    client._doRequest = () => this.doRequest(origDoRequest);
    Object.defineProperty(client, 'rateInterval', {
      configurable: true,
      get: () => this.rateTimer,
      set: (t: NodeJS.Timeout) => clearInterval(t),
    });
    const ticker = { reschedule: () => undefined, clear: () => this.disarm() };
    Object.defineProperty(client, 'timeoutTicker', {
      configurable: true,
      get: () => ticker,
      set: (t: { clear(): void }) => t.clear(),
    });
    client.on('request', () => this.onRequest());
    client.on('headers', (info: ParserHeadersInfo) => this.onHeaders(info));
    client.on('response', (status: number) => this.onResponse(status));
    this.startTimer = setTimeout(() => this.start(), opts.offsetMs);
  }

  /** Stops sending; resolves once the request in flight (if any) has been recorded. */
  stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.startTimer);
    clearInterval(this.rateTimer);
    clearTimeout(this.paceTimer);
    if (!this.inflight) return Promise.resolve();
    return new Promise((resolve) => { this.idle = resolve; });
  }

  private start(): void {
    this.started = true;
    this.nextDue = performance.now();
    this.rateTimer = setInterval(() => {
      this.client.reqsMadeThisSecond = 0;
      if (this.client.paused) {
        this.client.paused = false;
        this.client._doRequest();
      }
    }, 1000);
    this.client._doRequest();
  }

  private connect(orig: () => void): void {
    if (!this.started) return; // the constructor's eager connect: wait for the first request
    const conn: Conn = { no: this.opts.nextConn(), requests: 0, dead: false };
    this.current = conn;
    this.client.parser.reinitialize(this.client.parser.type);
    orig.call(this.client); // new socket + autocannon's listeners, then _doRequest()
    const sock = this.client.conn!;
    sock.removeAllListeners('error');
    sock.removeAllListeners('end');
    sock.on('error', (err: NodeJS.ErrnoException) => this.onSocketDown(conn, err.code ?? 'EUNKNOWN', err));
    sock.on('end', () => this.onSocketDown(conn, 'ECONNRESET'));
    sock.on('close', () => this.onSocketDown(conn, 'ECONNRESET'));
  }

  private doRequest(orig: () => void): void {
    if (!this.started || this.stopping || this.client.destroyed || this.inflight) return;
    const wait = this.nextDue - performance.now();
    if (wait > 0.5) {
      this.paceTimer ??= setTimeout(() => { this.paceTimer = undefined; this.client._doRequest(); }, wait);
      return;
    }
    const conn = this.current;
    if (!conn || conn.dead || this.mustReconnect) {
      if (this.client.rate && this.client.reqsMadeThisSecond >= this.client.rate) {
        this.client.paused = true; // out of budget: connect when the next request is due
        return;
      }
      this.mustReconnect = false;
      if (conn) conn.dead = true;
      this.client._destroyConnection();
      this.client._connect(); // calls _doRequest again, now on the new socket
      return;
    }
    orig.call(this.client);
  }

  private onRequest(): void {
    const conn = this.current!;
    const now = performance.now();
    if (this.gapMs > 0) {
      // the next slot; a slow answer may still use a slot up to one gap late, older ones are skipped
      this.nextDue += this.gapMs;
      const oldest = now - this.gapMs;
      if (this.nextDue < oldest) this.nextDue += Math.ceil((oldest - this.nextDue) / this.gapMs) * this.gapMs;
    }
    this.inflight = { t: Date.now(), start: performance.now(), conn, fresh: conn.requests === 0, pod: '', keepAlive: true };
    conn.requests++;
    this.disarm();
    this.timeoutTimer = setTimeout(() => this.onTimeout(), this.opts.timeoutMs);
  }

  private onHeaders(info: ParserHeadersInfo): void {
    const f = this.inflight;
    if (!f) return;
    f.keepAlive = info.shouldKeepAlive;
    for (let i = 0; i + 1 < info.headers.length; i += 2) {
      if (info.headers[i].toLowerCase() === POD_HEADER) f.pod = info.headers[i + 1];
    }
  }

  /** Autocannon calls _doRequest right after this; our wrapper reconnects first if needed. */
  private onResponse(status: number): void {
    const f = this.finish(status);
    if (!f) return;
    const every = this.opts.reconnectEvery;
    if (!f.keepAlive || (every > 0 && f.conn.requests >= every)) this.mustReconnect = true;
  }

  private onSocketDown(conn: Conn, code: string, err?: Error): void {
    if (conn !== this.current || conn.dead) return;
    conn.dead = true;
    if (err) this.client.emit('connError', err);
    if (this.inflight?.conn === conn) {
      this.finish(code);
      this.client._doRequest();
    }
  }

  private onTimeout(): void {
    const f = this.inflight;
    if (!f) return;
    f.conn.dead = true;
    this.client._destroyConnection(); // abort: a late answer must not reach the parser
    this.client.emit('timeout');
    this.finish('ETIMEDOUT');
    this.client._doRequest();
  }

  private finish(code: number | string): InFlight | undefined {
    const f = this.inflight;
    if (!f) return undefined;
    this.inflight = undefined;
    this.disarm();
    this.opts.onRecord({ t: f.t, ms: performance.now() - f.start, code, pod: f.pod, conn: f.conn.no, fresh: f.fresh });
    if (this.stopping) this.idle?.();
    return f;
  }

  private disarm(): void {
    clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
  }
}
