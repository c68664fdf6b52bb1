import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { hasChromium, useChromium } from './chromium';

/** Another web app: a blank page on its own loopback port, so its own origin. */
async function startOrigin(): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>someone else’s app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// Both origins exist before the proxy starts, since ALLOWED_ORIGINS is read at its cold start.
const allowed = await startOrigin();
const refused = await startOrigin();
afterAll(async () => {
  for (const { server } of [allowed, refused]) await new Promise((resolve) => server.close(resolve));
});
const proxy = useLocalProxy({ API_KEYS: 'cors-key', ALLOWED_ORIGINS: allowed.url });
const browser = useChromium();

interface Progress {
  received: string;
  finished?: boolean;
  failure?: string;
}

/** Starts a streamed /chat call from the page with fetch and an Authorization header; progress lands on globalThis. */
async function startChat(page: Page, prompt: string): Promise<void> {
  await page.evaluate(
    ({ url, prompt }) => {
      const progress = globalThis as unknown as Progress;
      progress.received = '';
      void (async () => {
        try {
          const response = await fetch(`${url}/chat`, {
            method: 'POST',
            headers: { authorization: 'Bearer cors-key', 'content-type': 'application/json' },
            body: JSON.stringify({ messages: [{ role: 'user', content: prompt }], stream: true }),
          });
          if (!response.body) throw new Error(`no body (${response.status})`);
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          for (let next = await reader.read(); !next.done; next = await reader.read()) {
            progress.received += decoder.decode(next.value, { stream: true });
          }
          progress.finished = true;
        } catch (error) {
          progress.failure = `${(error as Error).name}: ${(error as Error).message}`;
        }
      })();
    },
    { url: proxy.url, prompt },
  );
}

const textSoFar = (received: string): string =>
  received
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .join('');

describe.skipIf(!hasChromium)('calling the proxy from another origin (ALLOWED_ORIGINS)', () => {
  it('an allowed origin streams, with its key in an Authorization header', async () => {
    const { page } = await browser.open(allowed.url);
    const answer = emulatorAnswer('from my app');
    const gate = proxy.emulator.gate({ initial: 1 });
    await startChat(page, 'from my app');
    const received = async () => textSoFar(await page.evaluate(() => (globalThis as unknown as Progress).received));
    for (let shown = 1; shown <= 3; shown++) {
      await page.waitForFunction(
        (lines) => (globalThis as unknown as Progress).received.split('\n').filter(Boolean).length >= lines,
        shown,
      );
      expect(await received()).toBe(answer.slice(0, shown).join(''));
      gate.release(1);
    }
    gate.release();
    await page.waitForFunction(() => (globalThis as unknown as Progress).finished === true);
    expect(await received()).toBe(answer.join(''));
  });

  it("another origin is blocked by the browser's CORS check, before the request is sent", async () => {
    const { page } = await browser.open(refused.url);
    proxy.emulator.reset();
    await startChat(page, 'from elsewhere');
    await page.waitForFunction(() => (globalThis as unknown as Progress).failure !== undefined);
    expect(await page.evaluate(() => (globalThis as unknown as Progress).failure)).toBe('TypeError: Failed to fetch');
    // The preflight got no CORS headers, so the POST never left the browser.
    expect(proxy.emulator.requests).toHaveLength(0);
  });
});
