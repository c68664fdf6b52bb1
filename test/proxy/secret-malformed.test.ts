import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';
import { captureStdout } from '../support/stdout';

// An easy mistake: the secret holds a bare key instead of an object of named keys.
const secretKeys = useSecretKeys('sk-live-SECRET123');
// Not cached, so each test's secret is the one read.
const proxy = useLocalProxy({
  AUTH_MODE: 'api-key',
  API_KEYS_SECRET_ARN: SECRET_ARN,
  API_KEYS_CACHE_SECONDS: '0',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

/** Sends one chat request with `key`; returns its status, body and what was logged meanwhile. */
async function chatWith(key: string) {
  let status = 0;
  let body: unknown;
  const lines = await captureStdout(
    async () => {
      const response = await postJson(
        `${proxy.url}/chat`,
        { messages: [{ role: 'user', content: 'hi' }] },
        { authorization: `Bearer ${key}` },
      );
      status = response.status;
      body = await bodyOf(response);
    },
    1,
    { stderr: true },
  );
  return { status, body, lines };
}

describe('a key secret that is not JSON', () => {
  it('is a 500 keys_malformed, and no log line quotes the secret', async () => {
    const { status, body, lines } = await chatWith('sk-live-SECRET123');
    expect(status).toBe(500);
    expect(body).toMatchObject({ error: { type: 'api_error', code: 'keys_malformed' } });
    expect(lines.some((line) => line.level === 'ERROR')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('SECRET123');
  });
});

describe('a key secret with a key no client can present (non-ASCII, over 512 characters)', () => {
  it.each([
    ['not ASCII', 'clé-SECRET123'],
    ['too long', 'SECRET123'.repeat(60)],
  ])('is a 500 keys_malformed (%s) whose ERROR line names the entry, never the key', async (_name, key) => {
    secretKeys.secrets.put(SECRET_ARN, JSON.stringify({ default: 'sk-live-good-key', alice: key }));
    const { status, body, lines } = await chatWith('sk-live-good-key');
    expect(status).toBe(500);
    expect(body).toMatchObject({ error: { type: 'api_error', code: 'keys_malformed' } });
    const error = JSON.stringify(lines.find((line) => line.level === 'ERROR'));
    expect(error).toMatch(/alice.*must be 1–512 characters of visible ASCII/);
    expect(JSON.stringify(lines)).not.toContain('SECRET123');
  });
});
