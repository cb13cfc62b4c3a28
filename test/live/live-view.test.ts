import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, openPage } from '../../scripts/support/chromium.ts';
import { freePort, startLiveCli } from '../../scripts/support/live-cli.ts';
import { ExitCode } from '../../src/errors/exit-codes.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { verdictCell } from '../../src/render/format.ts';

const SKIP = `(skipped when ${CHROMIUM} is absent: apt-get install chromium)`;
const SCENARIOS = ['prestop-sleep', 'shell-entrypoint'];

/** Per row: phase, requests, outcome cells drawn, counters text. */
const sample = () =>
  Object.fromEntries(
    [...document.querySelectorAll<HTMLElement>('section.live-row')].map((r) => [
      r.dataset.scenario,
      {
        phase: r.dataset.phase,
        requests: Number(r.dataset.requests),
        bins: r.querySelectorAll('g.strip g.bin').length,
        counters: r.querySelector('table.counters')!.textContent,
      },
    ]),
  );

describe.skipIf(!existsSync(CHROMIUM))(`zerodrop run --live PORT, watched in headless Chromium ${SKIP}`, () => {
  it('shows the run as it happens (counters, outcome strips, the SIGKILL), then the verdicts and the report', async () => {
    const port = await freePort();
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-live-'));
    const cli = startLiveCli(
      ['run', ...SCENARIOS, '--baseline-seconds', '2', '--recovery-seconds', '2', '--out', out, '--live', String(port)],
      170_000,
    );
    const url = await cli.url;
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    let streamed = '';
    const curl = spawn('curl', ['-sN', `${url}events`], { stdio: ['ignore', 'pipe', 'ignore'] });
    curl.stdout.on('data', (d) => {
      streamed += d;
    });
    const curlDone = new Promise((resolve) => curl.on('close', resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    try {
      const { page, errors, requested } = await openPage(browser, url);
      await page.waitForFunction(
        () => [...document.querySelectorAll<HTMLElement>('section.live-row')].filter((r) => Number(r.dataset.requests) > 0).length === 2,
        null,
        { timeout: 90_000 },
      );
      const before = await page.evaluate(sample);
      await page.waitForTimeout(2500);
      const after = await page.evaluate(sample);
      for (const s of SCENARIOS) {
        expect(after[s].requests, s).toBeGreaterThan(before[s].requests);
        expect(after[s].bins, s).toBeGreaterThan(before[s].bins);
        expect(after[s].counters, s).not.toBe(before[s].counters);
      }

      await page.waitForSelector('section[data-scenario="shell-entrypoint"] g.mark.sigkill', { timeout: 120_000 });
      // Drawn while the run still goes: no report yet, on the page or on the stream.
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('running');
      expect(cli.running()).toBe(true);
      expect(streamed).toMatch(/^event: row\ndata: \{"scenario":"shell-entrypoint","html":"<section /m);
      expect(streamed).not.toMatch(/^event: report$/m);

      await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
      const code = await cli.exit;
      expect([ExitCode.Ok, ExitCode.VerdictMismatch, ExitCode.InvalidMeasurement], cli.stderr()).toContain(code);
      const model = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
      expect(model.scenarios.map((s) => s.name).sort()).toEqual(SCENARIOS);
      for (const s of model.scenarios) {
        const row = page.locator(`section[data-scenario="${s.name}"]`);
        expect(await row.locator('.badge.verdict').innerText()).toBe(verdictCell(s));
        // The lanes drew what the timeline recorded: one lane per pod, its SIGKILLs and exits.
        const events = s.runs[0].timeline;
        expect(await row.locator('g.lane').count()).toBe(new Set(events.filter((e) => e.pod).map((e) => e.pod)).size);
        expect(await row.locator('g.mark.sigkill').count()).toBe(events.filter((e) => e.kind === 'sigkill').length);
        expect(await row.locator('g.mark.exit').count()).toBe(events.filter((e) => e.kind === 'exit').length);
      }
      const report = page.frameLocator('#final iframe');
      expect(await report.locator('table.cmp.summary tbody tr').count()).toBe(model.scenarios.reduce((n, s) => n + s.streams.length, 0));
      expect(await report.locator('h1').innerText()).toContain(model.runId);

      expect(errors).toEqual([]);
      expect(requested.filter((u) => !u.startsWith(url))).toEqual([]);
      expect(requested).toEqual(expect.arrayContaining([url, `${url}events`, `${url}report`]));
      await curlDone;
      expect([...streamed.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]).filter((e, i, all) => e !== all[i - 1])).toEqual(
        expect.arrayContaining(['step', 'row', 'report']),
      );
      expect(
        streamed
          .trimEnd()
          .split('\n\n')
          .filter((b) => !b.startsWith(':'))
          .at(-1),
      ).toBe('event: report\ndata: {"url":"/report"}');
    } finally {
      await browser.close();
      curl.kill();
    }
  }, 200_000);
});
