import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { eventFrame } from '../../local/emulator/event-stream';
import type { JsonObject } from '../../local/emulator/types';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxyBehind } from '../support/proxy';

/**
 * A Bedrock-compatible endpoint (README: AWS_ENDPOINT_URL_BEDROCK_RUNTIME) that answers Converse
 * with the JSON set here and ConverseStream with the events set here, members of the wrong types
 * included: the real SDK client reads them over loopback HTTP, and the proxy must call that
 * Bedrock's fault (502 or an in-band error line), never its own 500, never pass them on.
 */
const upstream: { answer: unknown; events: [string, JsonObject][] } = { answer: {}, events: [] };
const server = http.createServer((req, res) => {
  req.resume().on('end', () => {
    if (req.url?.endsWith('/converse-stream')) {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      for (const [type, payload] of upstream.events) res.write(eventFrame(type, payload));
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(upstream.answer));
    }
  });
});
const proxy = useLocalProxyBehind(server);
const chat = { messages: [{ role: 'user', content: 'hi' }] };
const completion = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'hi' }] };
const answer = (content: unknown, usage: unknown = { inputTokens: 1, outputTokens: 2 }) => ({
  output: { message: { role: 'assistant', content } },
  stopReason: 'end_turn',
  usage,
});

describe('a Converse answer with members of the wrong types', () => {
  it('a well-formed one is read (the fake endpoint itself works)', async () => {
    upstream.answer = answer([{ text: 'fine' }]);
    const response = await postJson(`${proxy.url}/chat`, chat);
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toMatchObject({ answer: 'fine', usage: { input_tokens: 1, output_tokens: 2 } });
  });

  it.each([
    ['a null content block', answer([null])],
    ['content that is a string', answer('text')],
    ['a text that is a number', answer([{ text: 42 }])],
    ['a tool call that is a string', answer([{ toolUse: 'call' }])],
    ['a token count that is a string', answer([{ text: 'x' }], { inputTokens: 'lots', outputTokens: 1 })],
    ['a negative token count', answer([{ text: 'x' }], { inputTokens: -1, outputTokens: 1 })],
  ])('%s is a 502 invalid_upstream_body on /chat and /v1/chat/completions', async (_name, body) => {
    upstream.answer = body;
    for (const [path, request] of [
      ['/chat', chat],
      ['/v1/chat/completions', completion],
    ] as const) {
      const response = await postJson(`${proxy.url}${path}`, request);
      expect(response.status).toBe(502);
      expect(await bodyOf(response)).toMatchObject({ error: { type: 'upstream_error', code: 'invalid_upstream_body' } });
    }
  });
});

describe('a ConverseStream with members of the wrong types', () => {
  const streamOf = (...middle: [string, JsonObject][]): [string, JsonObject][] => [
    ['messageStart', { role: 'assistant' }],
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }],
    ...middle,
    ['messageStop', { stopReason: 'end_turn' }],
    ['metadata', { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, metrics: { latencyMs: 1 } }],
  ];
  const ndjson = async (response: Response) =>
    (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('a well-formed one streams (the fake endpoint itself works)', async () => {
    upstream.events = streamOf(['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'lo' } }]);
    const lines = await ndjson(await postJson(`${proxy.url}/chat`, { ...chat, stream: true }));
    expect(lines.map((line) => line.text ?? '').join('')).toBe('Hello');
    expect(lines.at(-1)).toMatchObject({ is_final: true, usage: { input_tokens: 1, output_tokens: 2 } });
  });

  it.each([
    ['a text that is a number', ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 42 } }]],
    [
      'tool input for a block that never started as a tool call',
      ['contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{}' } } }],
    ],
    ['a token count that is a string', ['metadata', { usage: { inputTokens: 'lots', outputTokens: 1 } }]],
  ] as const)('%s ends the stream with an in-band invalid_upstream_body error, after what came before', async (_name, bad) => {
    upstream.events = streamOf([bad[0], { ...bad[1] }]);
    const response = await postJson(`${proxy.url}/chat`, { ...chat, stream: true });
    expect(response.status).toBe(200);
    // What came before the bad event, then the error: nothing of the bad event goes out.
    const [first, last, ...rest] = await ndjson(response);
    expect(first).toMatchObject({ text: 'Hel' });
    expect(last).toMatchObject({ error: { type: 'upstream_error', code: 'invalid_upstream_body' } });
    expect(rest).toEqual([]);
  });
});
