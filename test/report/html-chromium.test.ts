import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors/exit-codes.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { runCli } from '../cli/run-cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
/** Where the full-page screenshot goes, for a person to look at (kept after the test). */
const SCREENSHOT = join(tmpdir(), 'zerodrop-report-html.png');

let dir: string;
let profile: string;
let context: BrowserContext;
let page: Page;
let model: ReportModel;
const consoleErrors: string[] = [];
const requested: string[] = [];

describe.skipIf(!existsSync(CHROMIUM))(`report.html of a real run in headless Chromium (skipped when ${CHROMIUM} is absent: apt-get install chromium)`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zd-html-run-'));
    profile = await mkdtemp(join(tmpdir(), 'zd-chromium-'));
    const res = await runCli(['run', 'prestop-sleep', 'shell-entrypoint', '--baseline', '2', '--recovery', '2', '--out', dir], { timeoutMs: 150_000 });
    expect([ExitCode.Ok, ExitCode.VerdictMismatch], res.stderr).toContain(res.code);
    expect(res.stdout).toContain(`wrote ${join(dir, 'report.html')}`);
    expect(res.stdout).toContain(`wrote ${join(dir, 'report.junit.xml')}`);
    model = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  it('loads with no console error and nothing fetched but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requested).toEqual([pathToFileURL(join(dir, 'report.html')).href]);
  });

  it('says "emulated" where a reader sees it', async () => {
    expect(model.emulated).toBe(true);
    await expect(page.locator('h1 .badge.emulated').isVisible()).resolves.toBe(true);
    expect(await page.locator('h1').innerText()).toContain('EMULATED');
    const banner = page.locator('.banner');
    await expect(banner.isVisible()).resolves.toBe(true);
    expect(await banner.innerText()).toMatch(/^EMULATED\. .*not from a Kubernetes cluster/);
  });

  it('shows the comparison table with a row per scenario and a ✓/✗ verdict', async () => {
    const rows = page.locator('table.cmp tbody tr');
    expect(await rows.count()).toBe(model.scenarios.length);
    for (const [i, s] of model.scenarios.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells).toHaveLength(1 + 21 + 1);
      expect(cells[0]).toBe(s.name);
      expect(cells[1 + 7]).toBe(String(s.phases[1].requests));
      expect(cells[22]).toMatch(new RegExp(`^${s.verdict} ${s.met ? '✓' : '✗'} \\(expected ${s.expected}\\)`));
    }
  });

  it('draws one SVG timeline per run, with a lane per pod, phase bands and outcome bars', async () => {
    const runs = model.scenarios.flatMap((s) => s.runs.map((r) => ({ s, r })));
    const svgs = page.locator('svg.timeline');
    expect(await svgs.count()).toBe(runs.length);
    for (const [i, { r }] of runs.entries()) {
      const svg = svgs.nth(i);
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeGreaterThan(800);
      expect(box.height).toBeGreaterThan(150);
      const pods = [...new Set(r.timeline.filter((e) => e.pod).map((e) => e.pod))].sort();
      expect(pods.length).toBeGreaterThanOrEqual(4); // 2 old replicas + 2 new ones
      const lanes = await svg.locator('g.lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')));
      expect([...lanes].sort()).toEqual(pods);
      expect(await svg.locator('g.phase').count()).toBe(3);
      const bars = await svg.locator('g.chart').first().locator('g.bucket').count();
      expect(bars).toBeGreaterThan(10);
      const exits = r.timeline.filter((e) => e.kind === 'exit').length;
      expect(await svg.locator('g.mark.exit').count()).toBe(exits);
      // the failures-only chart is drawn when any request of the run failed, baseline included
      const failed = r.phases.reduce((n, p) => n + p.http5xx + p.reset + p.refused + p.timeout + p.other, 0);
      if (r.verdict === 'lossy') expect(failed).toBeGreaterThan(0);
      expect(await svg.locator('g.chart').count()).toBe(failed ? 2 : 1);
      const kills = r.timeline.filter((e) => e.kind === 'sigkill' && e.t >= r.boundaries.baseline && e.t <= r.boundaries.end).length;
      expect(await svg.locator('line.kill-line').count()).toBe(kills);
    }
  });

  it('takes a full-page screenshot', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = await readFile(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(50_000);
  });
});
