import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../lambda/auth/api-keys';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';

const KEYS = {
  default: 'generated-first-key',
  ci: { sha256: sha256('ci-key').toString('hex'), models: ['amazon.nova-micro-v1:0'] },
  old: { key: 'revoked-key', enabled: false },
};
const secretKeys = useSecretKeys(KEYS);

const proxy = useLocalProxy({
  AUTH_MODE: 'api-key',
  API_KEYS_SECRET_ARN: SECRET_ARN,
  API_KEYS_CACHE_SECONDS: '600',
  ALLOWED_MODELS: 'anthropic.claude-3-haiku-20240307-v1:0,amazon.nova-micro-v1:0',
});
const chat = (model: string, key: string) =>
  postJson(`${proxy.url}/chat`, { model, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Moves the cache's clock (Date) `seconds` on instead of waiting. The fake time only ever moves
 * forward across tests, so keys one test cached at a fake time never look fresh to the next.
 */
let fakeNow = 0;
function later(seconds: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  fakeNow = Math.max(fakeNow, Date.now()) + seconds * 1000;
  vi.setSystemTime(fakeNow);
}

describe('API keys from the Secrets Manager secret', () => {
  it('accepts the generated key (flat form) and a hashed key', async () => {
    expect((await chat(claude, 'generated-first-key')).status).toBe(200);
    expect((await chat('amazon.nova-micro-v1:0', 'ci-key')).status).toBe(200);
  });

  it('refuses a revoked key and an unknown key with 401', async () => {
    expect((await chat(claude, 'revoked-key')).status).toBe(401);
    expect((await chat(claude, 'nobody')).status).toBe(401);
  });

  it("refuses a model outside the key's list with 403, before any Bedrock call", async () => {
    proxy.emulator.reset();
    const response = await chat(claude, 'ci-key');
    expect(response.status).toBe(403);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'permission_error', param: 'model' } });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it("refuses a model outside the deployment's ALLOWED_MODELS with 403, before any Bedrock call", async () => {
    proxy.emulator.reset();
    const response = await chat('meta.llama3-1-8b-instruct-v1:0', 'generated-first-key');
    expect(response.status).toBe(403);
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it('caches the secret: repeated requests do not read it again within the window', async () => {
    await (await chat(claude, 'generated-first-key')).arrayBuffer();
    const before = secretKeys.secrets.reads;
    for (let i = 0; i < 5; i++) await (await chat(claude, 'generated-first-key')).arrayBuffer();
    expect(secretKeys.secrets.reads - before).toBe(0);
  });

  it('sends one GetSecretValue for a burst of requests that arrive after the cache window', async () => {
    await (await chat(claude, 'generated-first-key')).arrayBuffer();
    later(601);
    const before = secretKeys.secrets.reads;
    // Held, the read stays in flight until every request of the burst has asked for the keys.
    const release = secretKeys.secrets.hold();
    const burst = Array.from({ length: 20 }, () => chat(claude, 'generated-first-key'));
    await expect.poll(() => secretKeys.secrets.reads).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const statuses = await Promise.all(burst.map(async (pending) => (await pending).status));
    expect(statuses).toEqual(Array(20).fill(200));
    expect(secretKeys.secrets.reads - before).toBe(1);
  });

  it('honours a rotated key and refuses the revoked one after the cache window, without a restart', async () => {
    // Past any earlier test's cache window, so this request reads the secret afresh.
    later(601);
    expect((await chat(claude, 'generated-first-key')).status).toBe(200);
    secretKeys.secrets.put(SECRET_ARN, JSON.stringify({ rotated: 'rotated-key' }));
    let restored: Response;
    try {
      // 5 minutes on, the cached keys still hold; 10 minutes (API_KEYS_CACHE_SECONDS) after they
      // were read, the secret is read again.
      later(300);
      expect((await chat(claude, 'rotated-key')).status).toBe(401);
      later(301);
      expect((await chat(claude, 'rotated-key')).status).toBe(200);
      expect((await chat(claude, 'generated-first-key')).status).toBe(401);
    } finally {
      // Whatever runs after this test sees the original keys, even if an assertion above failed:
      // put them back and have the cache read them while the clock is still this test's (back on
      // real time, a cache filled at a later fake time would look fresh for minutes).
      secretKeys.secrets.put(SECRET_ARN, JSON.stringify(KEYS));
      later(601);
      restored = await chat(claude, 'generated-first-key');
    }
    expect(restored.status).toBe(200);
    expect((await chat(claude, 'rotated-key')).status).toBe(401);
  });
});
