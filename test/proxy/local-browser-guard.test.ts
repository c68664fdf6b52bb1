import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';

// No API_KEYS: the local server is the only gate, so it refuses what only a foreign web page sends.
const proxy = useLocalProxy({});
const body = JSON.stringify({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'hi' }] });

/** A POST /chat with the given headers, Host included (fetch may not set Host). */
function post(headers: Record<string, string>): Promise<{ status: number; body: { error?: { code?: string } } }> {
  const url = new URL(`${proxy.url}/chat`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the local server with no credentials to check', () => {
  it('refuses a "simple" POST from a page of another origin, before Bedrock is called', async () => {
    proxy.emulator.reset();
    const response = await post({ origin: 'https://evil.example' });
    expect(response).toMatchObject({ status: 403, body: { error: { type: 'permission_error', code: 'origin_not_allowed' } } });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it('refuses a page whose origin is "null" (a sandboxed frame, a file)', async () => {
    expect(await post({ origin: 'null' })).toMatchObject({ status: 403, body: { error: { code: 'origin_not_allowed' } } });
  });

  it("answers its own pages (the playground's origin)", async () => {
    expect((await post({ origin: proxy.url })).status).toBe(200);
  });

  it('refuses a Host name that is not its own: a DNS-rebinding page', async () => {
    const port = new URL(proxy.url).port;
    expect(await post({ host: `rebind.evil.example:${port}` })).toMatchObject({
      status: 403,
      body: { error: { code: 'host_not_allowed' } },
    });
  });

  it.each(['localhost', 'app.localhost', '127.0.0.1', '[::1]'])('answers to %s', async (name) => {
    const port = new URL(proxy.url).port;
    expect((await post({ host: `${name}:${port}` })).status).toBe(200);
  });
});
