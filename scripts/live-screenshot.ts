// Takes docs/live-view.png, the README's picture of the live view: `zerodrop demo --live` (the
// four demo scenarios on the embedded runtime, as root) in headless Chromium at 1920x1080, shot
// once shell-entrypoint's requests failed after a SIGKILL (or at its recovery). Needs Debian's chromium.
// Run: npx node scripts/live-screenshot.ts [out.png]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, openPage } from './support/chromium.ts';
import { startLiveCli } from './support/live-cli.ts';

const out = process.argv[2] ?? 'docs/live-view.png';
const reports = await mkdtemp(join(tmpdir(), 'zerodrop-live-screenshot-'));
const cli = startLiveCli(['demo', '--out', reports, '--live'], 240_000);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
try {
  const { page, errors } = await openPage(browser, await cli.url);
  // The moment to show: shell-entrypoint's requests failing after a SIGKILL (whether a kill loses
  // any is down to what was in flight), or its recovery when none did.
  await page.waitForFunction(
    () => {
      const row = document.querySelector<HTMLElement>('section[data-scenario="shell-entrypoint"]');
      return (
        !!row &&
        (row.dataset.phase === 'recovery' || (!!row.querySelector('g.mark.sigkill') && !!row.querySelector('g.strip g.bin:not(.ok)')))
      );
    },
    null,
    { timeout: 200_000 },
  );
  await page.waitForTimeout(2000);
  await page.screenshot({ path: out });
  const height = await page.evaluate(() => document.getElementById('rows')!.getBoundingClientRect().bottom);
  console.log(
    `wrote ${out}; the rows end at ${Math.round(height)} px of 1080${errors.length ? `; console errors: ${errors.join('; ')}` : ''}`,
  );
  console.log(`zerodrop exited ${await cli.exit}`);
} finally {
  await browser.close();
  await rm(reports, { recursive: true, force: true });
}
