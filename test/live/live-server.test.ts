import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { startLiveServer } from '../../src/live/live-server.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { verdictCell } from '../../src/render/format.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import type { ProgressEvent } from '../../src/run/progress.ts';
import { fixtureModel } from '../report/reporters-fixture.ts';
import { type SseEvent, sseClient } from './sse-client.ts';
import { interleave, rolloutEvents } from './synthetic-progress.ts';

function fetchText(url: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject).end();
  });
}

/** The fixture report, its first two scenarios renamed to the made-up runs'. */
function reportFor(names: string[]): ReportModel {
  const model = fixtureModel();
  names.forEach((n, i) => {
    model.scenarios[i].name = n;
  });
  return model;
}

const html = (e: SseEvent) => (e.data as { html: string }).html;
const rowOf =
  (scenario: string, test: (html: string) => boolean = () => true) =>
  (e: SseEvent) =>
    e.event === 'row' && (e.data as { scenario: string }).scenario === scenario && test(html(e));
const beforeKill = (events: ProgressEvent[]) => events.findIndex((e) => e.type === 'timeline' && e.event.kind === 'sigkill');

describe('the live view server', () => {
  it('pushes each scenario row anew as events come, then the verdicts and the report', async () => {
    const live = await startLiveServer(0);
    expect(live.url).toBe(`http://127.0.0.1:${live.port}/`);
    const t0 = Date.now() - 20_000;
    const shell = rolloutEvents('shell-entrypoint', t0, true);
    const prestop = rolloutEvents('prestop-sleep', t0, false);
    const cut = beforeKill(shell);
    live.listener({ type: 'step', message: 'run scenarios' });
    for (const e of interleave(shell.slice(0, cut), prestop.slice(0, cut))) live.listener(e);

    const page = await fetchText(live.url);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<p id="step" class="step">run scenarios</p>');
    expect([...page.body.matchAll(/<section class="live-row \w+" data-scenario="([\w-]+)"/g)].map((m) => m[1])).toEqual([
      'shell-entrypoint',
      'prestop-sleep',
    ]);
    expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)|@import|url\(/);

    const sse = sseClient(`${live.url}events`);
    const first = await sse.until(rowOf('shell-entrypoint'));
    expect(sse.headers()?.['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.events[0]).toEqual({ event: 'step', data: { message: 'run scenarios' } });
    expect(html(first)).not.toContain('mark sigkill');
    expect(html(first)).toContain('data-phase="disruption"');

    for (const e of shell.slice(cut)) live.listener(e);
    const killed = html(
      await sse.until(
        rowOf('shell-entrypoint', (h) => h.includes('data-phase="done"')),
        3000,
      ),
    );
    expect(killed).toContain('<g class="mark sigkill">');
    expect(killed).toContain('<line class="kill-line"');
    // 12 disruption seconds of 100 answers; 4 resets, then 3 refused: counted per phase and drawn on the strips.
    expect(killed).toContain(
      '<tr data-phase="disruption"><th>disruption</th><td>1200</td><td class="bad">7</td><td>0</td><td class="bad">4</td><td class="bad">3</td><td>0</td></tr>',
    );
    expect(killed).toMatch(
      /<g class="strip" data-stream="keep-alive">.*<g class="bin reset" data-t="\d+"><title>[^<]*: 46 ok \(2xx\/3xx\), 4 connection reset<\/title><rect[^>]*\/><text[^>]*>4<\/text>/,
    );
    expect(killed).toMatch(/<g class="strip" data-stream="new-connection">.*<g class="bin refused"/);
    expect(killed).toContain('<span class="lost">7 lost so far</span>');

    for (const e of prestop.slice(cut)) live.listener(e);
    const model = reportFor(['shell-entrypoint', 'prestop-sleep']);
    const from = sse.events.length;
    live.listener({ type: 'report', report: model });
    const report = await sse.until((e) => e.event === 'report', 3000, from);
    expect(report.data).toEqual({ url: '/report' });
    // The rows with the verdicts come first, so the page shows them before it loads the report.
    const rows = sse.events.slice(from, sse.events.indexOf(report));
    expect(rows.map((e) => (e.data as { scenario: string }).scenario)).toEqual(['shell-entrypoint', 'prestop-sleep']);
    for (const [i, e] of rows.entries()) expect(html(e)).toContain(`>${verdictCell(model.scenarios[i])}</span>`);
    expect(await fetchText(`${live.url}report`)).toMatchObject({ status: 200, body: renderHtml(model) });
    await live.close(2000);
    await sse.ended;
  });

  it('gives a page that connects late the whole state and the report at once', async () => {
    const live = await startLiveServer(0);
    const t0 = Date.now() - 20_000;
    for (const e of rolloutEvents('no-probe', t0, true)) live.listener(e);
    const model = reportFor(['no-probe']);
    live.listener({ type: 'report', report: model });
    const sse = sseClient(`${live.url}events`);
    await sse.until((e) => e.event === 'report');
    expect(sse.events.map((e) => e.event)).toEqual(['step', 'row', 'report']);
    expect(html(sse.events[1])).toContain(verdictCell(model.scenarios[0]));
    const closing = live.close(300); // the page never loads /report: the server stops anyway
    await sse.ended;
    await closing;
  });

  it('tells the pages when the run ends without a report, and stops', async () => {
    const live = await startLiveServer(0);
    const sse = sseClient(`${live.url}events`);
    await sse.until((e) => e.event === 'step');
    await live.close();
    await sse.ended;
    expect(sse.events.at(-1)).toEqual({ event: 'end', data: { message: 'the run ended without a report' } });
    await expect(fetchText(live.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers only its own paths and GET; a port in use is an error naming --live', async () => {
    const live = await startLiveServer(0);
    expect(await fetchText(`${live.url}report`)).toMatchObject({ status: 404, body: 'the run has not finished\n' });
    expect((await fetchText(`${live.url}favicon.ico`)).status).toBe(404);
    expect((await fetchText(live.url, 'POST')).status).toBe(405);
    const err = await startLiveServer(live.port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).oneLine()).toMatch(
      new RegExp(`--live: cannot serve the live view on 127\\.0\\.0\\.1:${live.port}: EADDRINUSE`),
    );
    await live.close();
  });
});
