import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// AUTH_MODE=api-key with neither API_KEYS nor a secret: keys are required and none exists yet.
const proxy = useLocalProxy({ AUTH_MODE: 'api-key' });
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'hi' }] };

describe('AUTH_MODE=api-key before any key is configured', () => {
  it.each([
    ['no key', {}],
    ['some key', { authorization: 'Bearer anything' }],
  ])('refuses a request with %s with 401, before touching Bedrock', async (_name, headers) => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, request, headers);
    expect(response.status).toBe(401);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it('still serves /health and CORS preflight', async () => {
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/chat`, { method: 'OPTIONS' })).status).toBe(204);
  });
});
