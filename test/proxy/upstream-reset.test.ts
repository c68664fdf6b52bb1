import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// A Bedrock endpoint on loopback that resets every connection once the request has arrived:
// a transport failure before any status, which the emulator's faults (on streams) cannot give.
const resets = { count: 0, url: '' };
const resetter = net.createServer((socket) => {
  socket.once('data', () => {
    resets.count += 1;
    socket.resetAndDestroy();
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
  resets.url = `http://127.0.0.1:${(resetter.address() as net.AddressInfo).port}`;
});
afterAll(() => {
  resetter.close();
});

const proxy = useLocalProxy({
  // Read when the proxy starts, after the endpoint above is listening.
  get AWS_ENDPOINT_URL_BEDROCK_RUNTIME() {
    return resets.url;
  },
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
});
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
