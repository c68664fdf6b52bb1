import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';
import { type BrowserPage, hasChromium, screenshot, useChromium } from './chromium';

// The one DOM function used below; the project's types are Node's, not the DOM's.
declare const getComputedStyle: (element: unknown) => { display: string };

/** How the first POST badge is displayed: an inline block once the stylesheet applied, inline text without it. */
const methodBadgeDisplay = (page: BrowserPage['page']) =>
  page
    .locator('.method.post')
    .first()
    .evaluate((element) => getComputedStyle(element).display);

const proxy = useLocalProxy({ API_KEYS: 'docs-key' });
const browser = useChromium();

describe.skipIf(!hasChromium)('/docs in Chromium', () => {
  it('renders every operation of the OpenAPI document, without a key, styled and without CSP refusals', async () => {
    const { page, problems } = await browser.open(`${proxy.url}/docs`);
    const document = (await (await fetch(`${proxy.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const headings = await page.locator('article.operation h3').allTextContents();
    const expected = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((verb) => `${verb.toUpperCase()} ${path}`),
    );
    expect(headings.map((heading) => heading.replace(/\s+(public|API key)$/, ''))).toEqual(expect.arrayContaining(expected));
    expect(headings).toHaveLength(expected.length);
    // The stylesheet applied: the method badges are coloured blocks, not plain text.
    expect(await methodBadgeDisplay(page)).toBe('inline-block');
    await screenshot(page, 'docs.png', { fullPage: false });
    expect(problems).toEqual([]);
  });

  it('/docs/ (a trailing slash) lands on /docs, so the stylesheet and the links resolve as they do there', async () => {
    const { page, problems } = await browser.open(`${proxy.url}/docs/#errors`);
    expect(page.url()).toBe(`${proxy.url}/docs#errors`);
    expect(await methodBadgeDisplay(page)).toBe('inline-block');
    await page.click('header nav a:text("Playground")');
    expect(page.url()).toBe(`${proxy.url}/`);
    expect(problems).toEqual([]);
  });

  it('every link on the page leads somewhere: schema anchors exist, pages load', async () => {
    const { page } = await browser.open(`${proxy.url}/docs`);
    const hrefs = [...new Set(await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? '')))];
    for (const href of hrefs.filter((value) => value.startsWith('#'))) {
      expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
    }
    for (const href of hrefs.filter((value) => !value.startsWith('#'))) {
      expect((await fetch(new URL(href, `${proxy.url}/docs`))).status, href).toBe(200);
    }
  });
});
