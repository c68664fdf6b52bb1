import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { hasChromium, useChromium } from './chromium';

const proxy = useLocalProxy({ API_KEYS: 'example-key' });
const browser = useChromium();

/** The ```js blocks of the README's "Use it from your web app", pointed at the local proxy and its key. */
function examples(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## Use it from your web app');
  const markdown = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map(([, code = '']) =>
    code
      .replace(/const PROXY_URL = '[^']*';/, `const PROXY_URL = '${proxy.url}';`)
      .replace(/const API_KEY = '[^']*';/, "const API_KEY = 'example-key';"),
  );
}

interface Outcome {
  readonly pieces: string[];
  readonly usage: Record<string, number>;
}

describe.skipIf(!hasChromium)('the web-app examples in the README, run in Chromium', () => {
  it('there are two: NDJSON and SSE', () => {
    expect(examples().map((code) => code.match(/async function (\w+)/)?.[1])).toEqual(['streamChat', 'streamCompletion']);
  });

  it.each([
    ['streamChat', 0, { input_tokens: expect.any(Number), output_tokens: 12 }],
    ['streamCompletion', 1, { prompt_tokens: expect.any(Number), completion_tokens: 12, total_tokens: expect.any(Number) }],
  ])('%s streams the answer piece by piece and returns the usage', async (name, index, usage) => {
    const { page } = await browser.open(`${proxy.url}/`);
    const prompt = 'copy me into your app';
    const code = examples()[index];
    const outcome = (await page.evaluate(
      `(async () => { ${code}; const pieces = []; const usage = await ${name}(${JSON.stringify(prompt)}, (text) => pieces.push(text)); return { pieces, usage }; })()`,
    )) as Outcome;
    expect(outcome.pieces).toEqual(emulatorAnswer(prompt));
    expect(outcome.usage).toEqual(usage);
  });

  it('a failure after the stream began is thrown, with the proxy message', async () => {
    const { page } = await browser.open(`${proxy.url}/`);
    for (const [index, name] of ['streamChat', 'streamCompletion'].entries()) {
      proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 2 });
      const message = await page.evaluate(
        `(async () => { ${examples()[index]}; try { await ${name}('x', () => {}); return 'no error'; } catch (error) { return error.message; } })()`,
      );
      expect(message, name).toMatch(/^Bedrock is throttling/);
    }
  });
});
