import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { exceptionFrame } from '../../local/emulator/event-stream';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxyBehind } from '../support/proxy';

/**
 * A Bedrock endpoint whose ConverseStream answers with a throttle as its first event (HTTP 200),
 * and whose Converse answers normally: the SDK's adaptive mode counts that throttle, so the
 * pacing must too.
 */
const server = http.createServer((req, res) => {
  req.resume().on('end', () => {
    if (req.url?.endsWith('/converse-stream')) {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.end(exceptionFrame('throttlingException', { message: 'Too many requests' }));
      return;
    }
    const answer = {
      output: { message: { role: 'assistant', content: [{ text: 'ok' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1 },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
});
const proxy = useLocalProxyBehind(server);
const messages = [{ role: 'user', content: 'hi' }];

describe('a throttle sent as the first event of a stream', () => {
  it('is a 429, and starts the pacing as a throttled response does', async () => {
    const throttled = await postJson(`${proxy.url}/chat`, { messages, stream: true });
    expect(throttled.status).toBe(429);
    expect(await bodyOf(throttled)).toMatchObject({ error: { code: 'ThrottlingException' } });

    const responses = await Promise.all(Array.from({ length: 12 }, () => postJson(`${proxy.url}/chat`, { messages })));
    const codes = await Promise.all(
      responses.map(async (response) => (response.status === 200 ? 200 : (await bodyOf(response)).error.code)),
    );
    expect(codes).toContain('paced');
    expect(codes).toContain(200);
  });
});
