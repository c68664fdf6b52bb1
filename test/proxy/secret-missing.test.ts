import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';

// The proxy reads a secret the emulator does not hold yet: every read fails until it is put.
const MISSING_ARN = `${SECRET_ARN}-later`;
const secretKeys = useSecretKeys({ default: 'the-key' });
const proxy = useLocalProxy({ AUTH_MODE: 'api-key', API_KEYS_SECRET_ARN: MISSING_ARN, API_KEYS_CACHE_SECONDS: '60' });
const chat = () => postJson(`${proxy.url}/chat`, { messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer the-key' });

describe('a key secret that cannot be read', () => {
  it('fails the requests that shared the read with 503 keys_unavailable; the next request reads it again', async () => {
    const failed = await Promise.all(Array.from({ length: 5 }, chat));
    expect(failed.map((response) => response.status)).toEqual([503, 503, 503, 503, 503]);
    expect(await bodyOf(failed[0] as Response)).toMatchObject({ error: { code: 'keys_unavailable' } });

    secretKeys.secrets.put(MISSING_ARN, JSON.stringify({ default: 'the-key' }));
    const before = secretKeys.secrets.reads;
    expect((await chat()).status).toBe(200);
    expect(secretKeys.secrets.reads - before).toBe(1);
  });
});
