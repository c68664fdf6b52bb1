import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxyBehind } from '../support/proxy';

// A Bedrock endpoint on loopback that resets every connection once the request has arrived:
// a transport failure before any status, which the emulator's faults (on streams) cannot give.
const resets = { count: 0 };
const resetter = net.createServer((socket) => {
  socket.once('data', () => {
    resets.count += 1;
    socket.resetAndDestroy();
  });
});
const proxy = useLocalProxyBehind(resetter);
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('a connection to Bedrock that resets before any answer', () => {
  it.each([
    [
      'a raw payload (InvokeModel)',
      { model: claude, payload: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] } },
    ],
    ['messages (Converse)', { model: claude, messages: [{ role: 'user', content: 'hi' }] }],
  ])('%s is a 502 upstream_connection_error: a Bedrock fault, never our 500', async (_name, body) => {
    const before = resets.count;
    const response = await postJson(`${proxy.url}/chat`, body);
    expect(response.status).toBe(502);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_connection_error' } });
    expect(resets.count).toBeGreaterThan(before);
  });
});
