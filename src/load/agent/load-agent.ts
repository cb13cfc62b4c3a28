import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { startLoad } from '../load-driver.ts';
import { takeLoadHealth, watchEventLoop } from '../load-health.ts';
import { AGENT_FORMAT, AGENT_VERSION, type AgentDone, type AgentHeader } from '../remote/agent-lines.ts';
import type { LoadRun, StreamName } from '../types.ts';
import { waitServing } from '../wait-serving.ts';
import { AGENT_TOKEN_HEADER, type ResolvedAgentConfig } from './agent-config.ts';
import { AgentOutput } from './agent-output.ts';

export interface LoadAgent {
  port: number;
  /** Resolves once the load stopped, every slot is reported and the control server is closed. */
  finished: Promise<void>;
  /** Stops the load as POST /stop does (SIGTERM). */
  stop(): Promise<AgentDone>;
}

/**
 * One load pod's agent: zerodrop's load driver (the same engine as on the host) started and
 * stopped by the harness through a small control server, which the harness reaches through the
 * API server's pod proxy. Every record goes to `out` as it happens (load/remote/agent-lines.ts):
 *   GET /clock    the pod's clock, for the offset probes
 *   POST /serving one batch of fresh requests to the target: {serving} true when all answer 2xx/3xx
 *   POST /start   starts the load (once)
 *   GET /health   event-loop delay since the last call, peak connections
 *   POST /stop    stops sending, waits for the answers in flight, writes the done line, answers it
 * It stops by itself `maxRunSeconds` after it began, stopped or not.
 */
export async function startLoadAgent(config: ResolvedAgentConfig, out: Writable): Promise<LoadAgent> {
  const epoch = Date.now();
  const boot = randomBytes(6).toString('hex');
  const output = new AgentOutput(out, epoch, config.loader);
  const slots: Partial<Record<StreamName, number>> = {};
  const loop = watchEventLoop();
  let run: LoadRun | undefined;
  let stopping: Promise<AgentDone> | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((r) => {
    finish = r;
  });

  const start = (): number => {
    if (!run && !stopping) {
      run = startLoad({
        target: config.target,
        streams: config.streams,
        maxConnections: config.maxConnections,
        timeoutMs: config.timeoutMs,
        reconnectEvery: config.reconnectEvery,
        pool: config.pool,
        onRecord: (r) => {
          slots[r.stream] = (slots[r.stream] ?? 0) + 1;
          output.record(r);
        },
        onEvent: (e) => output.event(e),
      });
      output.control({ started: Date.now(), boot });
    }
    return Date.now();
  };
  const stop = (): Promise<AgentDone> =>
    (stopping ??= (async () => {
      clearTimeout(guard);
      clearInterval(heartbeat);
      await run?.stop();
      const done: AgentDone = { done: Date.now(), boot, seq: output.seq, slots };
      output.control(done);
      await output.close();
      loop.stop();
      return done;
    })());

  const routes: Record<string, () => unknown> = {
    'GET /clock': () => ({ now: Date.now() }),
    'POST /start': () => ({ started: start() }),
    'GET /health': () => takeLoadHealth(loop, run, config.timeoutMs),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
      res.end(JSON.stringify(body));
    };
    const key = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    if (config.token !== undefined && !sameToken(req.headers[AGENT_TOKEN_HEADER], config.token)) {
      send(403, { error: `${AGENT_TOKEN_HEADER} missing or wrong` });
      return;
    }
    if (key === 'POST /stop') {
      void stop().then((d) => {
        send(200, d);
        res.on('finish', () => server.close(() => finish()));
      });
    } else if (key === 'POST /serving') {
      waitServing(config.target, config.target.path, { timeoutMs: 0, requestTimeoutMs: config.timeoutMs }).then(
        () => send(200, { serving: true }),
        (err: Error) => send(200, { serving: false, why: err.message }),
      );
    } else if (routes[key]) send(200, routes[key]());
    else send(404, { error: `no route ${key}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.controlPort, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const header: AgentHeader = {
    agent: AGENT_FORMAT,
    version: AGENT_VERSION,
    boot,
    loader: config.loader,
    port,
    epoch,
    streams: config.streams,
  };
  output.control(header);
  const heartbeat = setInterval(() => output.control({ hb: Date.now(), boot, seq: output.seq }), 1000);
  const guard = setTimeout(() => {
    void stop().then(() => server.close(() => finish()));
  }, config.maxRunSeconds * 1000);
  return { port, finished, stop };
}

/** Constant-time comparison of the control token a request carries with the agent's. */
function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
