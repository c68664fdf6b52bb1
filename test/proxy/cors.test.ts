import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openAIClient } from '../openai/client';
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
    // With keys to check, the server answers as a Function URL does: the key decides, not the origin.
    expect(actual.status).toBe(200);
  });

  it('says Vary: Origin to every origin and to none, so a shared cache keeps their answers apart', async () => {
    const other = await fetch(`${proxy.url}/health`, { headers: { origin: 'https://evil.example' } });
    const none = await fetch(`${proxy.url}/health`);
    const otherPreflight = await preflight('https://evil.example');
    for (const response of [other, none, otherPreflight]) expect(response.headers.get('vary')).toBe('Origin');
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

  it('lets a page use the openai SDK: its preflight allows every header the SDK sends', async () => {
    // The headers the real SDK sends, captured from one request to a loopback server.
    let sent: string[] = [];
    const capture = http.createServer((req, res) => {
      sent = Object.keys(req.headers);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const { port } = capture.address() as AddressInfo;
    await openAIClient(`http://127.0.0.1:${port}`, 'k')
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => undefined);
    capture.close();
    // What a browser sends without asking (the CORS-safelisted and browser-controlled headers).
    const browserOwn = new Set([
      'accept',
      'accept-encoding',
      'accept-language',
      'connection',
      'content-length',
      'host',
      'sec-fetch-mode',
      'user-agent',
    ]);
    const asked = sent.filter((name) => !browserOwn.has(name));
    expect(asked).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-stainless-os']));
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': asked.join(',') },
    });
    const granted = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(asked.filter((name) => !granted.includes(name))).toEqual([]);
  });

  it('exposes the headers a page needs to read: x-request-id, retry-after, x-cache and a 405 Allow', async () => {
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', text: 'x' }, { origin: allowed, authorization: 'Bearer k' });
    expect(response.status).toBe(200);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'x-cache', 'allow']));
    expect(response.headers.get('x-cache')).toBe('miss');
  });
});
