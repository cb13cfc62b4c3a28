import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, type OpenedPage, openPage } from '../../scripts/support/chromium.ts';
import { DEMO_SCENARIOS } from '../../src/cli/demo.ts';
import { type LiveServer, startLiveServer } from '../../src/live/live-server.ts';
import { fixtureModel } from '../report/reporters-fixture.ts';
import { interleave, rolloutEvents } from './synthetic-progress.ts';

const SKIP = `(skipped when ${CHROMIUM} is absent: apt-get install chromium)`;
/** Where the screenshot goes, for a person to look at (kept after the test). */
const SCREENSHOT = join(tmpdir(), 'zerodrop-live-layout.png');

/** WCAG contrast ratio of two computed colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/\d+/g)!
      .slice(0, 3)
      .map((v) => Number(v) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

let browser: Browser;
let live: LiveServer;
let o: OpenedPage;
const t0 = Date.now() - 14_000;
const runs = DEMO_SCENARIOS.map((s) => rolloutEvents(s, t0, s !== 'prestop-sleep'));
const cut = runs[0].findIndex((e) => e.type === 'tick' && e.requests === 1400); // 14 s in: past the SIGKILL

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  live = await startLiveServer(0);
  live.listener({ type: 'step', message: 'run scenarios' });
  for (const e of interleave(...runs.map((r) => r.slice(0, cut)))) live.listener(e);
  o = await openPage(browser, live.url);
}, 60_000);
afterAll(async () => {
  await live?.close(500);
  await browser?.close();
});

describe.skipIf(!existsSync(CHROMIUM))(`the live page of the four demo scenarios at 1920x1080 ${SKIP}`, () => {
  it('fits the screen, rows and legend, in large type of strong contrast', async () => {
    const { page } = o;
    expect(await page.locator('section.live-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.scenario))).toEqual(
      DEMO_SCENARIOS,
    );
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
    // Looked up and measured in one task of the page: the rows are redrawn as updates arrive.
    const px = (sel: string) => page.evaluate((q) => parseFloat(getComputedStyle(document.querySelector(q)!).fontSize), sel);
    expect(await px('section.live-row h2')).toBeGreaterThanOrEqual(24);
    expect(await px('table.counters td')).toBeGreaterThanOrEqual(18);
    // SVG text as drawn on screen (the SVG scales with the page): lane and strip labels, axis.
    for (const sel of ['text.lane-label', 'text.strip-label', 'svg.live > text']) {
      const h = await page.evaluate((q) => document.querySelector(q)!.getBoundingClientRect().height, `section.live-row ${sel}`);
      expect(h, sel).toBeGreaterThanOrEqual(15);
    }
    for (const sel of ['section.live-row h2', 'table.counters td', 'header h1']) {
      const c = await page.evaluate((q) => getComputedStyle(document.querySelector(q)!).color, sel);
      expect(contrast(c, 'rgb(255, 255, 255)'), sel).toBeGreaterThanOrEqual(7);
    }
    await page.screenshot({ path: SCREENSHOT });
  });

  it('draws what happened so far: a SIGKILL on each lossy lane, none on prestop-sleep, red cells where requests failed', async () => {
    const { page } = o;
    for (const s of DEMO_SCENARIOS) {
      const row = page.locator(`section[data-scenario="${s}"]`);
      expect(await row.locator('g.lane').count(), s).toBe(4);
      expect(await row.locator('g.mark.sigkill').count(), s).toBe(s === 'prestop-sleep' ? 0 : 1);
      expect(await row.locator('g.bin.reset').count(), s).toBe(s === 'prestop-sleep' ? 0 : 1);
      expect(await row.locator('.phase-badge').innerText()).toBe('disruption');
    }
  });

  it('shows the verdicts and the full report below the rows once the run ends; nothing fetched from elsewhere, no console error', async () => {
    const { page, errors, requested } = o;
    for (const e of interleave(...runs.map((r) => r.slice(cut)))) live.listener(e);
    const model = fixtureModel();
    DEMO_SCENARIOS.slice(0, 3).forEach((n, i) => {
      model.scenarios[i].name = n;
    });
    live.listener({ type: 'report', report: model });
    await page.waitForSelector('body[data-state="done"]');
    await page.waitForFunction(
      () => (document.querySelector('#final iframe') as HTMLIFrameElement | null)?.contentDocument?.readyState === 'complete',
    );
    expect(await page.locator('section.live-row .badge.verdict').count()).toBe(3);
    expect(await page.locator('section.live-row .phase-badge.done').count()).toBe(4);
    const frame = page.locator('#final iframe');
    await page.waitForFunction(() => parseFloat((document.querySelector('#final iframe') as HTMLElement).style.height) > 1000);
    expect(await page.frameLocator('#final iframe').locator('svg.timeline').count()).toBe(
      model.scenarios.reduce((n, s) => n + s.runs.length, 0),
    );
    expect(await frame.getAttribute('src')).toBe('/report');
    expect(errors).toEqual([]);
    expect(requested).toEqual([live.url, `${live.url}events`, `${live.url}report`]);
  });
});
