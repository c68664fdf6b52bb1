import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { hasChromium, useChromium } from './chromium';
import { Playground } from './playground-page';

const proxy = useLocalProxy({ API_KEYS: 'browser-key' });
const browser = useChromium();

describe.skipIf(!hasChromium)('the playground with API keys', () => {
  it('loads without a key and says the key is missing', async () => {
    const { page, problems } = await browser.open(`${proxy.url}/`);
    const playground = new Playground(page);
    expect(await playground.notice()).toMatch(/^The API key was refused \(401\)/);
    // The model list could not load: the deployment's default model answers.
    expect(await page.locator('#chat-model option').allTextContents()).toEqual(['(deployment default)']);
    expect(problems).toEqual([]);
  });

  it('a wrong key gets the 401 message, a right one works and is remembered in localStorage', async () => {
    const { page, problems } = await browser.open(`${proxy.url}/`);
    const playground = new Playground(page);
    await page.fill('#api-key', 'wrong-key');
    await page.press('#api-key', 'Tab');
    await playground.ask('hello?');
    expect(await playground.notice()).toBe('The API key was refused (401). Enter a valid key above; it is kept in this browser only.');
    expect(await playground.messageCount()).toBe(0);

    await page.fill('#api-key', 'browser-key');
    await page.press('#api-key', 'Tab');
    await page.waitForSelector('#chat-model option[value="anthropic.claude-3-sonnet-20240229-v1:0"]', { state: 'attached' });
    await page.click('#send');
    await playground.waitForAnswerState('done');
    expect(await playground.answerText()).toBe(emulatorAnswer('hello?').join(''));
    expect(await page.isHidden('#notice')).toBe(true);

    await page.reload();
    expect(await page.inputValue('#api-key')).toBe('browser-key');
    expect(problems).toEqual([]);
  });
});
