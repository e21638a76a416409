/**
 * A real browser for page tests: Debian's chromium, headless, driven by playwright-core. Each
 * page records console errors and uncaught exceptions so a test can require there were none.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p) => !!p);
export function chromiumPath() {
    const found = CANDIDATES.find((p) => existsSync(p));
    if (!found)
        throw new Error('chromium is not installed (apt-get install -y chromium; .ci/run does this)');
    return found;
}
export async function launch() {
    return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
export async function openPage(browser, url) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    const errors = [];
    page.on('console', (m) => {
        if (m.type() === 'error')
            errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    await page.goto(url);
    return { page, errors };
}
//# sourceMappingURL=browser.js.map