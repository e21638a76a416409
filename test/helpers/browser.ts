/**
 * A real browser for page tests: Debian's chromium, headless, driven by playwright-core. Each
 * page records console errors and uncaught exceptions so a test can require there were none.
 */
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('chromium is not installed (apt-get install -y chromium; .ci/run does this)');
  return found;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/**
 * One browser for all the tests of a file: launched before the first, closed after the last. A
 * chromium launch costs about 3.5 s of CPU; the pages each test opens are its own.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is not launched yet (call it at the top of the test file)');
    return browser;
  };
}

/** Closes the pages a test opened in a shared browser (each openPage has a context of its own). */
export async function closePages(browser: Browser): Promise<void> {
  await Promise.all(browser.contexts().map((c) => c.close()));
}

export interface WatchedPage {
  page: Page;
  errors: string[];
}

export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(url);
  return { page, errors };
}
