import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';
import { captureStdout } from '../support/stdout';

// An easy mistake: the secret holds a bare key instead of an object of named keys.
useSecretKeys('sk-live-SECRET123');
const proxy = useLocalProxy({ AUTH_MODE: 'api-key', API_KEYS_SECRET_ARN: SECRET_ARN, POWERTOOLS_LOG_LEVEL: 'INFO' });

describe('a key secret that is not JSON', () => {
  it('is a 500 keys_malformed, and no log line quotes the secret', async () => {
    let status = 0;
    let body: unknown;
    const lines = await captureStdout(
      async () => {
        const response = await postJson(
          `${proxy.url}/chat`,
          { messages: [{ role: 'user', content: 'hi' }] },
          { authorization: 'Bearer sk-live-SECRET123' },
        );
        status = response.status;
        body = await bodyOf(response);
      },
      1,
      { stderr: true },
    );
    expect(status).toBe(500);
    expect(body).toMatchObject({ error: { type: 'api_error', code: 'keys_malformed' } });
    expect(lines.some((line) => line.level === 'ERROR')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('SECRET123');
  });
});
