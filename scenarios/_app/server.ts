/**
 * The zerodrop scenario app: one small HTTP server whose shutdown behaviour is set by env knobs.
 * Dependency-free (node: builtins only) because it also runs inside container images.
 *
 *   PORT            listen port (8080)
 *   HOST            bind address (0.0.0.0); manifests set it from status.podIP
 *   POD_NAME        named in the x-zerodrop-pod header of every response (hostname)
 *   WARMUP_MS       listens at once, but / and /readyz answer 503 until this long after start (0)
 *   LATENCY_MS      time taken by each request to / (0); probes answer at once
 *   ON_SIGTERM      drain | ignore | exit (drain)
 *   KEEPALIVE_CLOSE true | false (true): whether a draining server closes keep-alive connections
 *   DRAIN_IDLE_MS   while draining, an idle keep-alive connection is closed after this long (250)
 *   FRAMING         length | close | chunked (length): how a response body's end is marked. close:
 *                   no Content-Length and `Connection: close`, the body ends when the server closes
 *                   the connection (as HTTP/1.0 servers and many proxies answer); chunked: chunked
 *                   transfer encoding on a kept-alive connection
 *
 * drain: stop listening (new connections are refused), /readyz answers 503, every response carries
 * `Connection: close` and idle keep-alive connections are closed; exit 0 once no connection is left.
 * With KEEPALIVE_CLOSE=false it only stops listening: keep-alive connections stay open and are
 * served as usual (no `Connection: close`), so the process lingers until it is killed.
 * ignore: SIGTERM changes nothing. exit: SIGTERM exits at once (143), dropping requests in flight.
 * As PID 1 a process without a SIGTERM handler ignores SIGTERM, so every mode installs one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { hostname } from 'node:os';

const startedAt = Date.now();
const port = intEnv('PORT', 8080);
const host = process.env.HOST || '0.0.0.0';
const pod = process.env.POD_NAME || hostname();
const warmupMs = intEnv('WARMUP_MS', 0);
const latencyMs = intEnv('LATENCY_MS', 0);
const drainIdleMs = intEnv('DRAIN_IDLE_MS', 250);
const onSigterm = process.env.ON_SIGTERM || 'drain';
const keepaliveClose = (process.env.KEEPALIVE_CLOSE || 'true') !== 'false';
const framing = process.env.FRAMING || 'length';
if (!['length', 'close', 'chunked'].includes(framing)) fail(`FRAMING must be length, close or chunked, not "${framing}"`);
if (!['drain', 'ignore', 'exit'].includes(onSigterm)) fail(`ON_SIGTERM must be drain, ignore or exit, not "${onSigterm}"`);

/** Requests in progress per connection; a connection with 0 is idle. */
const active = new Map<Socket, number>();
const idleTimers = new Map<Socket, NodeJS.Timeout>();
let draining = false;

const server = createServer((req, res) => handle(req, res));
// Keep-alive connections that are never closed by a timeout when KEEPALIVE_CLOSE=false.
if (!keepaliveClose) server.keepAliveTimeout = 0;

server.on('connection', (socket: Socket) => {
  active.set(socket, 0);
  socket.on('close', () => {
    active.delete(socket);
    clearIdleTimer(socket);
    if (draining) maybeExit();
  });
  if (draining && keepaliveClose) armIdleTimer(socket);
});

function handle(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  active.set(socket, (active.get(socket) ?? 0) + 1);
  clearIdleTimer(socket);
  res.on('close', () => {
    const n = (active.get(socket) ?? 1) - 1;
    if (active.has(socket)) active.set(socket, n);
    if (n === 0 && draining && keepaliveClose && !socket.destroyed) armIdleTimer(socket);
  });
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') return reply(res, 200, 'healthy');
  const warm = Date.now() - startedAt >= warmupMs;
  if (path === '/readyz') return reply(res, warm && !draining ? 200 : 503, draining ? 'shutting down' : warm ? 'ready' : 'warming up');
  if (!warm) return reply(res, 503, 'warming up');
  if (latencyMs <= 0) return reply(res, 200, 'ok');
  const timer = setTimeout(() => reply(res, 200, 'ok'), latencyMs);
  res.on('close', () => clearTimeout(timer));
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.writableEnded || res.destroyed) return;
  const body = `${text} from ${pod}\n`;
  res.setHeader('x-zerodrop-pod', pod);
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  if (framing === 'length') res.setHeader('content-length', Buffer.byteLength(body));
  if (framing === 'close') {
    res.setHeader('connection', 'close');
    res.useChunkedEncodingByDefault = false; // no chunks: the body ends with the connection
  }
  // Decided when the response is written, so requests in flight at SIGTERM get it too.
  if (draining && keepaliveClose) res.setHeader('connection', 'close');
  res.statusCode = status;
  if (framing === 'chunked') res.write(body);
  res.end(framing === 'chunked' ? undefined : body);
}

function drain(): void {
  if (draining) return;
  draining = true;
  log(`SIGTERM: draining ${active.size} connection(s)${keepaliveClose ? '' : ' (keep-alive connections stay open)'}`);
  // net.Server's close only stops listening. http.Server#close would also close idle keep-alive
  // connections at once, which KEEPALIVE_CLOSE=false must never do.
  NetServer.prototype.close.call(server);
  if (keepaliveClose) for (const [socket, n] of active) if (n === 0) armIdleTimer(socket);
  maybeExit();
}

/** Close an idle connection after a short pause, so a request already on its way is answered, not reset. */
function armIdleTimer(socket: Socket): void {
  clearIdleTimer(socket);
  idleTimers.set(
    socket,
    setTimeout(() => {
      idleTimers.delete(socket);
      if ((active.get(socket) ?? 0) === 0) socket.end();
    }, drainIdleMs),
  );
}

function clearIdleTimer(socket: Socket): void {
  const t = idleTimers.get(socket);
  if (t !== undefined) clearTimeout(t);
  idleTimers.delete(socket);
}

function maybeExit(): void {
  if (active.size > 0) return;
  log('drained: no connection left, exiting 0');
  process.exit(0);
}

process.on('SIGTERM', () => {
  if (onSigterm === 'drain') return drain();
  if (onSigterm === 'ignore') return log('SIGTERM ignored');
  log('SIGTERM: exiting at once');
  process.exit(143);
});
process.on('SIGINT', () => process.exit(130));

server.on('error', (err) => fail(`cannot listen on ${host}:${port}: ${err.message}`));
server.listen(port, host, () => {
  const addr = server.address();
  const bound = addr !== null && typeof addr === 'object' ? addr.port : port;
  log(
    `listening on ${host}:${bound} (warm-up ${warmupMs} ms, latency ${latencyMs} ms, ON_SIGTERM=${onSigterm}, KEEPALIVE_CLOSE=${keepaliveClose})`,
  );
});

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer, not "${raw}"`);
  return n;
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${pod} pid ${process.pid}: ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`server.ts: ${message}\n`);
  process.exit(2);
}
