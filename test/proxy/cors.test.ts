import { describe, expect, it } from 'vitest';
import { postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const allowed = 'https://app.example';
const proxy = useLocalProxy({ ALLOWED_ORIGINS: `${allowed},http://127.0.0.1:5173`, API_KEYS: 'k' });

const preflight = (origin: string) =>
  fetch(`${proxy.url}/chat`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

describe('CORS on the local server (the same rules as the Function URL config)', () => {
  it('answers a preflight from an allowed origin without a key and without invoking the function', async () => {
    const response = await preflight(allowed);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a disallowed origin no CORS headers, so the browser blocks it', async () => {
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const actual = await postJson(
      `${proxy.url}/chat`,
      { messages: [{ role: 'user', content: 'x' }] },
      { origin: 'https://evil.example', authorization: 'Bearer k' },
    );
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the allow-origin and exposed headers to actual responses, errors included', async () => {
    const ok = await postJson(
      `${proxy.url}/chat`,
      { messages: [{ role: 'user', content: 'x' }] },
      { origin: allowed, authorization: 'Bearer k' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('vary')).toBe('Origin');
    expect(ok.headers.get('access-control-expose-headers')).toContain('retry-after');
    const denied = await postJson(`${proxy.url}/chat`, {}, { origin: allowed });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('the handler itself adds no CORS headers (in AWS the Function URL is the single source)', async () => {
    const response = await postJson(`${proxy.url}/chat`, { messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer k' });
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});
