import http from 'node:http';

// Written for the cross-check sharing no code with zerodrop: its own sending, its own pool, its
// own words for outcomes. node:http is its only import; keep it that way.

export type IndepStream = 'keep-alive' | 'new-connection';

/** What one request came to, in this client's own terms. */
export type Kind = 'ok' | 'status' | 'refused' | 'reset' | 'timeout' | 'client' | 'other';

/** One request: its stream, send and end time (epoch ms), its HTTP status or error code, and its kind. */
export interface Sample {
  stream: IndepStream;
  t: number;
  end: number;
  code: number | string;
  kind: Kind;
}

/** Errors of this machine (out of sockets or ports): the client's own trouble, not a request the app lost. */
const CLIENT_SIDE = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'ENOMEM']);

/** A final answer from 200 to 399 is ok; any other status is 'status' (the cross-check's apps only answer 200). */
export function kindOf(code: number | string): Kind {
  if (typeof code === 'number') return code >= 200 && code < 400 ? 'ok' : 'status';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'NO_ANSWER' || code === 'NO_CONNECT' || code === 'ETIMEDOUT') return 'timeout';
  return CLIENT_SIDE.has(code) ? 'client' : 'other';
}

/** True when the app lost the request: anything but an ok answer or the client's own trouble. */
export const lost = (s: Sample): boolean => s.kind !== 'ok' && s.kind !== 'client';

/** Kept-alive connections idle this long are closed (as zerodrop's stated pool: most recently idle first, 2 s). */
const IDLE_CLOSE_MS = 2000;

/**
 * Both streams at `rate` requests/s each, open model: slot n of a stream is sent at
 * start + n * 1000/rate whether or not earlier ones were answered. keep-alive takes a connection
 * from a node:http pool (most recently idle first, idle ones closed after 2 s); new-connection
 * opens one per request and sends Connection: close. No answer within timeoutMs is a timeout
 * (NO_CONNECT if the connection never opened, else NO_ANSWER).
 */
export function startIndependentClient(target: { host: string; port: number }, rate: number, timeoutMs = 2000, path = '/') {
  const samples: Sample[] = [];
  const inflight = new Set<Promise<void>>();
  const pool = new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: IDLE_CLOSE_MS });

  const one = (stream: IndepStream) =>
    new Promise<void>((resolve) => {
      const t = Date.now();
      let finished = false;
      const done = (code: number | string) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        samples.push({ stream, t, end: Date.now(), code, kind: kindOf(code) });
        resolve();
      };
      const agent = stream === 'keep-alive' ? pool : false;
      const req = http.get({ host: target.host, port: target.port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'ERROR'));
      });
      const timer = setTimeout(() => {
        const code = req.socket && !req.socket.connecting ? 'NO_ANSWER' : 'NO_CONNECT';
        done(code);
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'ERROR'));
    });

  const gapMs = 1000 / rate;
  const start = performance.now();
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const due = Math.floor((performance.now() - start) / gapMs) + 1;
    for (; sent < due; sent++) {
      for (const stream of ['keep-alive', 'new-connection'] as const) {
        const p = one(stream);
        inflight.add(p);
        void p.then(() => inflight.delete(p));
      }
    }
    timer = setTimeout(tick, Math.max(1, start + sent * gapMs - performance.now()));
  };
  tick();

  return {
    samples,
    /** Stops sending, waits for every request in flight, closes the pool. */
    async stop(): Promise<Sample[]> {
      clearTimeout(timer);
      await Promise.all([...inflight]);
      pool.destroy();
      return samples;
    },
  };
}
