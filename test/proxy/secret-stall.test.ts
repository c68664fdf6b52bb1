import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';

const secretKeys = useSecretKeys({ default: 'the-key' });

// A 2.5 s function timeout with a 2 s margin: the key secret has about 0.5 s to answer.
const proxy = useLocalProxy(
  { AUTH_MODE: 'api-key', API_KEYS_SECRET_ARN: SECRET_ARN, API_KEYS_CACHE_SECONDS: '60', DEADLINE_MARGIN_MS: '2000' },
  { timeoutMs: 2500 },
);
const chat = () =>
  postJson(
    `${proxy.url}/chat`,
    { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'hi' }] },
    {
      authorization: 'Bearer the-key',
    },
  );

describe('a Secrets Manager that does not answer', () => {
  it('is a 503 keys_unavailable before the deadline, not a request that hangs; once it answers, keys work again', async () => {
    const release = secretKeys.secrets.hold();
    const response = await chat();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'service_unavailable_error', code: 'keys_unavailable' } });
    expect(proxy.emulator.requests).toHaveLength(0);

    release();
    await expect.poll(async () => (await chat()).status).toBe(200);
  });
});
