import { describe, expect, it } from 'vitest';
import { postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();
const model = 'anthropic.claude-3-haiku-20240307-v1:0';
const SLICE = 16 * 1024;

const chat = async (prompt: string) => {
  const response = await postJson(`${proxy.url}/chat`, { model, messages: [{ role: 'user', content: prompt }] });
  expect(response.status).toBe(200);
  return response.text();
};

describe('a non-streamed body longer than one 16 KB slice', () => {
  it('arrives whole, with a character whose two UTF-16 units straddle the slice boundary', async () => {
    // Where the prompt's marker lands in the body, with an ASCII marker; then the emoji is put so
    // that its first unit is the last of the first slice. Middy 6 (and 7) cut strings there and
    // sent two U+FFFD instead; lambda/streamify.ts does not.
    const tail = 'z'.repeat(SLICE);
    const probe = await chat(`${'a'.repeat(100)}#${tail}`);
    const shift = SLICE - 1 - probe.indexOf('#');
    expect(shift).toBeGreaterThanOrEqual(-100);
    const body = await chat(`${'a'.repeat(100 + shift)}😀${tail}`);
    expect(body.indexOf('😀')).toBe(SLICE - 1);
    expect(body).not.toContain('\uFFFD');
    expect(JSON.parse(body).answer).toBe(`Hello from the Bedrock emulator. You said: ${'a'.repeat(100 + shift)}😀${tail}`);
  });
});

describe('a streamed piece longer than one 16 KB slice', () => {
  it.each([
    ['/chat', { model, messages: [{ role: 'user', content: `${'x'.repeat(20_000)} end` }], stream: true }, '"is_final":true'],
    ['/v1/chat/completions', { model, messages: [{ role: 'user', content: `${'x'.repeat(20_000)} end` }], stream: true }, 'data: [DONE]'],
  ])('%s: the stream goes on after it and ends', async (path, request, end) => {
    // One word of 20,000 characters is one emulator chunk, so one write over the response
    // stream's 16 KiB high-water mark; the stream used to stop there, waiting for a missed 'drain'.
    const response = await postJson(`${proxy.url}${path}`, request);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('x'.repeat(20_000));
    expect(text.trimEnd().split('\n').at(-1)).toContain(end);
  });
});
