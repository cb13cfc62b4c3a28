import type { Browser, Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  errors: string[];
  requested: string[];
}

/** Opens `url` in a new page of `viewport`, recording console errors and every URL the page asks for. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1920, height: 1080 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requested };
}
