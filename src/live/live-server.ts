import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZerodropError } from '../errors/index.ts';
import { renderHtml } from '../report/index.ts';
import type { ProgressEvent, ProgressListener } from '../run/index.ts';
import { waitFor } from '../util/index.ts';
import { livePage } from './live-page.ts';
import { liveRow } from './live-row.ts';
import { LiveState, type ScenarioLive } from './live-state.ts';
import { SseClients } from './sse.ts';

export const LIVE_HOST = '127.0.0.1';
/** Changed rows are pushed at most this often... */
const FLUSH_MS = 250;
/** ...and a running row at least this often (its timeline grows with time). */
const REDRAW_MS = 1000;

export interface LiveServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  /** The run's progress listener: what it is told, the pages show. */
  listener: ProgressListener;
  /**
   * Stops the server: pages that were sent the report get up to `waitMs` to load it, pages
   * without one are told the run ended; then every stream and connection is closed.
   */
  close(waitMs?: number): Promise<void>;
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
}

/**
 * Serves the live view of a run on 127.0.0.1:`port` (0: a free port): the page at /, its event
 * stream at /events (Server-Sent Events: `step`, `row` with a scenario's row rendered anew,
 * `report` with the final report's address, `end`), and the final report at /report.
 */
export async function startLiveServer(port = 0): Promise<LiveServer> {
  const state = new LiveState();
  const clients = new SseClients();
  const dirty = new Set<string>();
  const drawnAt = new Map<string, number>();
  let report: string | undefined;
  let reportsSent = 0;
  let reportsServed = 0;

  const row = (run: ScenarioLive) =>
    liveRow(
      run,
      Date.now(),
      state.report?.scenarios.find((s) => s.name === run.scenario),
    );
  const rowData = (run: ScenarioLive) => ({ scenario: run.scenario, html: row(run) });
  /** Pushes the rows that changed, or that run and were not redrawn for REDRAW_MS; rendered only while a page listens. */
  const flush = (all = false) => {
    if (!clients.size) return;
    const now = Date.now();
    for (const run of state.latest()) {
      const stale = run.phase !== 'done' && now - (drawnAt.get(run.key) ?? 0) >= REDRAW_MS;
      if (!all && !stale && !dirty.has(run.key)) continue;
      dirty.delete(run.key);
      drawnAt.set(run.key, now);
      clients.send('row', rowData(run));
    }
  };
  const timer = setInterval(flush, FLUSH_MS).unref();

  const listener = (e: ProgressEvent) => {
    const run = state.apply(e);
    if (run) dirty.add(run.key);
    if (e.type === 'step') clients.send('step', { message: e.message });
    if (e.type === 'report') {
      report = renderHtml(e.report);
      flush(true);
      reportsSent += clients.send('report', { url: '/report' });
    }
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://live').pathname;
    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'GET only\n');
    if (path === '/') return reply(res, 200, 'text/html', livePage(state.step, state.latest().map(row).join('')));
    if (path === '/report') {
      if (!report) return reply(res, 404, 'text/plain', 'the run has not finished\n');
      res.on('finish', () => {
        reportsServed++;
      });
      return reply(res, 200, 'text/html', report);
    }
    if (path !== '/events') return reply(res, 404, 'text/plain', 'not found\n');
    const send = clients.add(res);
    send('step', { message: state.step });
    for (const run of state.latest()) send('row', rowData(run));
    if (report) {
      send('report', { url: '/report' });
      reportsSent++;
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ZerodropError(`cannot serve the live view on ${LIVE_HOST}:${port}: ${err.code ?? err.message}`, {
          field: '--live',
          hint: 'give another port, or --live alone for a free one',
          cause: err,
        }),
      ),
    );
    server.listen(port, LIVE_HOST, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${LIVE_HOST}:${bound}/`,
    port: bound,
    listener,
    close: (waitMs = 5000) =>
      (closing ??= (async () => {
        clearInterval(timer);
        if (report)
          await waitFor(() => ({ done: reportsServed >= reportsSent }), {
            what: 'pages loading the report',
            timeoutMs: waitMs,
            intervalMs: 50,
          }).catch(() => undefined);
        else clients.send('end', { message: 'the run ended without a report' });
        clients.end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
