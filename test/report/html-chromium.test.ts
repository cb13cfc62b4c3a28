import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors/exit-codes.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { runCli } from '../cli/run-cli.ts';
import { fixtureModel, LOSSY_POD } from './reporters-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Where the full-page screenshot goes, for a person to look at (kept after the test). */
const SCREENSHOT = join(tmpdir(), 'zerodrop-report-html.png');
const SKIP = `(skipped when ${CHROMIUM} is absent: apt-get install chromium)`;

interface Opened {
  page: Page;
  errors: string[];
  requested: string[];
  url: string;
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requested.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requested, url };
}

let dir: string;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = await mkdtemp(join(tmpdir(), 'zd-html-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))(`report.html of a hand-built model in headless Chromium ${SKIP}`, () => {
  const model = fixtureModel();
  let o: Opened;
  beforeAll(async () => {
    await writeFile(join(dir, 'fixture.html'), renderHtml(model));
    o = await open(browser, join(dir, 'fixture.html'));
  }, 60_000);

  it('loads with no console error and nothing fetched but the file itself; says EMULATED', async () => {
    expect(o.errors).toEqual([]);
    expect(o.requested).toEqual([o.url]);
    await expect(o.page.locator('h1 .badge.emulated').isVisible()).resolves.toBe(true);
    expect(await o.page.locator('.banner').innerText()).toMatch(/^EMULATED\. .*not from a Kubernetes cluster/);
  });

  it('shows a comparison row per scenario and stream, failures in red, INVALID in its own style', async () => {
    const rows = o.page.locator('table.cmp.summary tbody tr');
    expect(await rows.count()).toBe(6);
    const nc = await o.page.locator('tr[data-scenario="exec-entrypoint"][data-stream="new-connection"] td').allInnerTexts();
    const per = (nc.length - 1) / 3;
    expect(nc.slice(1 + per, 1 + 2 * per)).toEqual(['125', '0', '0', '7', '3', '0', '8.0', '2000', '1.85']);
    const red = await o.page
      .locator('tr[data-scenario="exec-entrypoint"][data-stream="new-connection"] td.bad')
      .first()
      .evaluate((e) => getComputedStyle(e).color);
    expect(red).toBe('rgb(201, 42, 42)');
    const style = (sel: string) =>
      o.page
        .locator(sel)
        .first()
        .evaluate((e) => ({ bg: getComputedStyle(e).backgroundImage, text: e.textContent }));
    const invalid = await style('td.verdict.invalid');
    expect(invalid.text).toBe('INVALID ✗ (expected lossless)');
    expect(invalid.bg).toMatch(/repeating-linear-gradient/);
    expect((await style('td.verdict.met')).bg).toBe('none');
    const box = o.page.locator('#scenario-overloaded > .invalid-box');
    await expect(box.isVisible()).resolves.toBe(true);
    expect(await box.innerText()).toContain('run #1: disruption: 1200 dropped slots');
  });

  it('draws a timeline per run with the data-path lag on the pod lane, and the pod and lag tables', async () => {
    expect(await o.page.locator('svg.timeline').count()).toBe(3);
    const lag = await o.page.locator(`#scenario-exec-entrypoint g.lane[data-pod="${LOSSY_POD}"] g.datapath-lag rect`).boundingBox();
    // 1187 ms of a 15 s axis about 1000 px wide (the SVG scales to the page)
    expect(lag!.width).toBeGreaterThan(50);
    expect(lag!.width).toBeLessThan(120);
    expect(await o.page.locator('#scenario-exec-entrypoint g.chart').count()).toBe(2);
    expect(await o.page.locator('#scenario-exec-entrypoint table.pods').innerText()).toContain(
      `${LOSSY_POD}\t10\t7 refused, 3 timeout (new-connection 10)`,
    );
    expect(await o.page.locator('#scenario-exec-entrypoint table.lags').innerText()).toContain(`${LOSSY_POD}\t1012\t1187`);
  });

  it('takes a full-page screenshot', async () => {
    await o.page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = await readFile(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2500);
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(50_000);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(`report.html of a real run in headless Chromium ${SKIP}`, () => {
  let model: ReportModel;
  let o: Opened;
  beforeAll(async () => {
    const out = join(dir, 'run');
    const res = await runCli(
      ['run', 'prestop-sleep', 'shell-entrypoint', '--baseline-seconds', '2', '--recovery-seconds', '2', '--out', out],
      { timeoutMs: 150_000 },
    );
    expect([ExitCode.Ok, ExitCode.VerdictMismatch, ExitCode.InvalidMeasurement], res.stderr).toContain(res.code);
    expect(res.stdout).toContain(`wrote ${join(out, 'report.html')}`);
    model = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    o = await open(browser, join(out, 'report.html'));
  }, 180_000);

  it('loads cleanly, with a comparison row per scenario and stream and a timeline per run', async () => {
    expect(o.errors).toEqual([]);
    expect(o.requested).toEqual([o.url]);
    const rows = o.page.locator('table.cmp.summary tbody tr');
    expect(await rows.count()).toBe(model.scenarios.reduce((n, s) => n + s.streams.length, 0));
    for (const s of model.scenarios) {
      expect(s.streams.map((st) => st.name)).toEqual(['keep-alive', 'new-connection']);
      const first = await o.page.locator(`tr[data-scenario="${s.name}"]`).first().locator('td').allInnerTexts();
      expect(first[0]).toBe(s.name);
      expect(first.at(-1)).toMatch(new RegExp(`^(${s.verdict}|INVALID) `));
    }
    const runs = model.scenarios.flatMap((s) => s.runs);
    const svgs = o.page.locator('svg.timeline');
    expect(await svgs.count()).toBe(runs.length);
    for (const [i, r] of runs.entries()) {
      const pods = [...new Set(r.timeline.filter((e) => e.pod).map((e) => e.pod))].sort();
      expect(pods.length).toBeGreaterThanOrEqual(4); // 2 old replicas + 2 new ones
      const lanes = await svgs
        .nth(i)
        .locator('g.lane')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')));
      expect([...lanes].sort()).toEqual(pods);
      expect(await svgs.nth(i).locator('g.chart').first().locator('g.bucket').count()).toBeGreaterThan(10);
    }
  });
});
