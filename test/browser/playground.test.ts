import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { hasChromium, screenshot, useChromium } from './chromium';
import { Playground } from './playground-page';

const proxy = useLocalProxy();
const browser = useChromium();

async function openPlayground() {
  const { page, problems } = await browser.open(`${proxy.url}/`);
  const playground = new Playground(page);
  await playground.waitForModels();
  return { page, problems, playground };
}

describe.skipIf(!hasChromium)('the playground in Chromium', () => {
  it('fills the model pickers from /v1/models, chat and embedding models apart', async () => {
    const { page, problems } = await openPlayground();
    expect(await page.locator('#chat-model option').allTextContents()).toEqual(['anthropic.claude-3-sonnet-20240229-v1:0']);
    expect(await page.locator('#embed-model option').allTextContents()).toEqual(['amazon.titan-embed-text-v2:0']);
    expect(problems).toEqual([]);
  });

  it('renders the answer as it streams, one released chunk at a time, then the timings and usage', async () => {
    const { page, problems, playground } = await openPlayground();
    const prompt = 'Tell me about streaming';
    const answer = emulatorAnswer(prompt);
    proxy.emulator.reset();
    const gate = proxy.emulator.gate({ initial: 1 });
    await page.fill('#system', 'Answer in one sentence.');
    await playground.ask(prompt);

    await playground.waitForAnswerText(answer[0] ?? '');
    await gate.waitForHold();
    await playground.waitForAnswerState('streaming');
    for (let shown = 2; shown <= 4; shown++) {
      gate.release(1);
      // The page shows exactly what Bedrock has let out so far: the text grows step by step.
      await playground.waitForAnswerText(answer.slice(0, shown).join(''));
      expect(await page.isDisabled('#send')).toBe(true);
    }
    gate.release();
    await playground.waitForAnswerState('done');

    expect(await playground.answerText()).toBe(answer.join(''));
    expect(await page.textContent('#stats')).toMatch(/^first token \d+ ms · [\d.]+ tokens\/s · \d+ in \+ \d+ out tokens$/);
    expect(await page.textContent('#stats')).toContain(`+ ${answer.length} out tokens`);
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({ system: [{ text: 'Answer in one sentence.' }] });
    expect(await page.isEnabled('#send')).toBe(true);
    const file = await screenshot(page, 'playground-chat.png');
    expect(file).toMatch(/playground-chat\.png$/);
    expect(problems).toEqual([]);
  });

  it('sends the whole conversation on the next turn', async () => {
    const { page, playground } = await openPlayground();
    await playground.ask('first question');
    await playground.waitForAnswerState('done');
    await playground.ask('second question');
    await playground.waitForAnswerText(emulatorAnswer('second question').join(''));
    await playground.waitForAnswerState('done');
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user' }, { role: 'assistant' }, { role: 'user' }],
    });
    expect(await playground.messageCount()).toBe(4);
    await page.click('#clear');
    expect(await playground.messageCount()).toBe(0);
  });

  it('Stop aborts the stream (Bedrock sees the abort), keeps the partial answer, and the next prompt works', async () => {
    const { page, problems, playground } = await openPlayground();
    const answer = emulatorAnswer('a long story');
    const gate = proxy.emulator.gate({ initial: 2 });
    const aborted = proxy.emulator.waitForAbort();
    await playground.ask('a long story');
    await playground.waitForAnswerText(answer.slice(0, 2).join(''));
    await gate.waitForHold();

    await page.click('#stop');
    await playground.waitForAnswerState('stopped');
    await aborted;
    expect(gate.sent).toBe(2);
    expect(await page.textContent('#stats')).toBe('Stopped.');
    expect(await page.isEnabled('#send')).toBe(true);
    expect(await page.isDisabled('#stop')).toBe(true);

    await playground.ask('and now?');
    await playground.waitForAnswerState('done');
    expect(await playground.answerText()).toBe(emulatorAnswer('and now?').join(''));
    expect(problems).toEqual([]);
  });

  it.each([
    ['after part of the answer arrived', 2],
    ['before any of the answer arrived', 0],
  ] as const)('New chat during a stream, %s, cancels it and starts an empty conversation', async (_when, initial) => {
    const { page, problems, playground } = await openPlayground();
    const gate = proxy.emulator.gate({ initial });
    const aborted = proxy.emulator.waitForAbort();
    await playground.ask('an abandoned question');
    if (initial > 0) await playground.waitForAnswerText(emulatorAnswer('an abandoned question').slice(0, initial).join(''));
    await gate.waitForHold();

    await page.click('#clear');
    await aborted;
    await page.waitForSelector('#send:enabled');
    // Nothing of the abandoned exchange comes back: not in the history, the prompt box or the stats.
    expect(await playground.messageCount()).toBe(0);
    expect(await page.inputValue('#prompt')).toBe('');
    expect(await page.textContent('#stats')).toBe('');
    expect(await page.isDisabled('#stop')).toBe(true);

    await playground.ask('a fresh start');
    await playground.waitForAnswerState('done');
    expect(await playground.messageCount()).toBe(2);
    // toMatchObject holds arrays to their length: the fresh question is the only turn.
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({ messages: [{ role: 'user', content: [{ text: 'a fresh start' }] }] });
    expect(problems).toEqual([]);
  });

  it.each([
    ['AccessDeniedException', /^Not allowed \(403\): The proxy is not allowed to use this model/],
    ['ThrottlingException', /^Too many requests \(429\): Bedrock is throttling requests\. Retry later\. Retry in \d+ s\.$/],
  ] as const)('%s: says what happened and gives the prompt back', async (error, message) => {
    const { page, playground } = await openPlayground();
    proxy.emulator.fault({ error, operation: 'converse-stream' });
    await playground.ask('will this work?');
    expect(await playground.notice()).toMatch(message);
    expect(await playground.messageCount()).toBe(0);
    expect(await page.inputValue('#prompt')).toBe('will this work?');
    expect(await page.isEnabled('#send')).toBe(true);
  });

  it('a network failure is reported as one, and the next try works', async () => {
    const { page, playground } = await openPlayground();
    await page.route('**/v1/chat/completions', (route) => route.abort('internetdisconnected'));
    await playground.ask('anyone there?');
    expect(await playground.notice()).toMatch(/^Network error: the proxy could not be reached/);
    await page.unroute('**/v1/chat/completions');
    await page.click('#send');
    await playground.waitForAnswerState('done');
    expect(await page.isHidden('#notice')).toBe(true);
  });

  it('an error after the stream began keeps the text that arrived and says it was cut off', async () => {
    const { playground } = await openPlayground();
    proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 2, operation: 'converse-stream' });
    await playground.ask('cut me off');
    expect(await playground.notice()).toMatch(/^The answer was cut off: Bedrock is throttling/);
    await playground.waitForAnswerState('error');
    expect(await playground.answerText()).toBe(emulatorAnswer('cut me off').slice(0, 2).join(''));
  });

  it('an empty answer is not sent back as a turn: the next question still works', async () => {
    const { page, playground } = await openPlayground();
    proxy.emulator.configure({ answerChunks: 0 });
    await playground.ask('say nothing');
    await playground.waitForAnswerState('done');
    expect(await playground.answerText()).toBe('');
    proxy.emulator.reset();
    await playground.ask('now say something');
    await playground.waitForAnswerState('done');
    expect(await playground.answerText()).not.toBe('');
    // Bedrock refuses an empty assistant turn; the two questions go as one user turn instead.
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'say nothing' }, { text: 'now say something' }] }],
    });
    expect(await page.isHidden('#notice')).toBe(true);
    await page.click('#clear');
  });

  it('renders model output as text, never as HTML', async () => {
    const { page, playground } = await openPlayground();
    const prompt = '<img src=x onerror="document.title=1"><b>bold</b>';
    await playground.ask(prompt);
    await playground.waitForAnswerState('done');
    expect(await playground.answerText()).toBe(emulatorAnswer(prompt).join(''));
    expect(await page.locator('#history img, #history b').count()).toBe(0);
  });

  it('Embed shows the dimensions and the first values', async () => {
    const { page, problems } = await openPlayground();
    await page.click('#tab-embed');
    expect(await page.isHidden('#panel-chat')).toBe(true);
    await page.fill('#embed-text', 'This is a test sentence');
    await page.click('#embed');
    await page.waitForSelector('#embed-result:not([hidden])');
    expect(await page.textContent('#embed-dimensions')).toBe('1024');
    const values = await page.locator('#embed-values li').allTextContents();
    expect(values).toHaveLength(8);
    for (const value of values) expect(value).toMatch(/^-?\d+\.\d{6}$/);
    expect(await page.textContent('#embed-meta')).toMatch(/amazon\.titan-embed-text-v2:0 · \d+ tokens · cache (hit|miss)/);
    await screenshot(page, 'playground-embed.png');
    expect(problems).toEqual([]);
  });

  it('the Content-Security-Policy is enforced: an injected inline script does not run', async () => {
    const { page, problems } = await openPlayground();
    const ran = await page.evaluate(() => {
      const global = globalThis as unknown as {
        document: { createElement(tag: string): { textContent: string }; body: { append(node: unknown): void } };
        injected?: boolean;
      };
      const script = global.document.createElement('script');
      script.textContent = 'globalThis.injected = true';
      global.document.body.append(script);
      return global.injected === true;
    });
    expect(ran).toBe(false);
    expect(problems.some((problem) => problem.startsWith('CSP:'))).toBe(true);
  });
});
