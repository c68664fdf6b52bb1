import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Debian's chromium; playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const ARTIFACTS = path.resolve('test-artifacts');

if (!hasChromium) {
  console.warn(`browser tests skipped: no chromium at ${CHROMIUM_PATH} (install it, or set CHROMIUM_PATH)`);
}

// The machine has no network: these flags keep Chromium from trying to reach Google at start.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserPage {
  readonly page: Page;
  /** Uncaught page errors and Content-Security-Policy violations seen so far. */
  readonly problems: string[];
}

/**
 * One Chromium per test file, a fresh context (own localStorage) per page. Each page records
 * what a user would not see but should never happen: script errors and CSP refusals.
 */
export function useChromium() {
  const state: { browser?: Browser; contexts: BrowserContext[] } = { contexts: [] };
  beforeAll(async () => {
    if (!hasChromium) return;
    state.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  });
  afterEach(async () => {
    await Promise.all(state.contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    async open(url: string): Promise<BrowserPage> {
      if (!state.browser) throw new Error('chromium not started');
      const context = await state.browser.newContext({ viewport: { width: 1100, height: 760 } });
      state.contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
      });
      await page.goto(url);
      return { page, problems };
    },
  };
}

/** Saves what the page shows under test-artifacts/ (git-ignored), for a person to look at. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
