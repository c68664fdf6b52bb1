import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';
import { captureStdout } from '../support/stdout';
import { hasChromium, useChromium } from './chromium';

const proxy = useLocalProxy({ POWERTOOLS_LOG_LEVEL: 'INFO' });
const browser = useChromium();

// Chromium asks for /favicon.ico just after the load event (within ~200 ms here), so a page is
// given well over that; and it asks once per browser, not again after a 404, so one test opens
// both pages: each is then the first to be asked about.
const FAVICON_WAIT_MS = 1_000;

describe.skipIf(!hasChromium)('the pages in Chromium', () => {
  it('neither / nor /docs makes the browser ask for /favicon.ico, which would be logged as a 404', async () => {
    const lines = await captureStdout(async () => {
      for (const path of ['/', '/docs']) {
        const { page, problems } = await browser.open(`${proxy.url}${path}`);
        await page.waitForTimeout(FAVICON_WAIT_MS);
        // The icon the pages name instead breaks no Content-Security-Policy rule.
        expect(problems).toEqual([]);
      }
    }, 0);
    const routes = lines.filter((line) => line.message === 'request').map((line) => line.route);
    expect(routes).toEqual(expect.arrayContaining(['GET /', 'GET /docs']));
    expect(routes).not.toContain('GET /favicon.ico');
  });
});
