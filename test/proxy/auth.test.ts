import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ API_KEYS: 'key-one,key-two' });
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'hi' }] };

describe('API keys (API_KEYS)', () => {
  it.each([
    ['Authorization: Bearer', { authorization: 'Bearer key-one' }],
    ['x-api-key', { 'x-api-key': 'key-two' }],
    ['Authorization: bearer (the scheme in any case)', { authorization: 'bearer key-one' }],
    ['x-api-key beside another Authorization', { 'x-api-key': 'key-two', authorization: 'Basic dXNlcjpwdw==' }],
  ])('accepts a configured key sent as %s', async (_name, headers) => {
    const response = await postJson(`${proxy.url}/chat`, request, headers);
    expect(response.status).toBe(200);
  });

  it.each([
    ['no key', {}],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a wrong key', { authorization: 'Bearer key-three' }],
    ['another scheme', { authorization: 'Basic key-one' }],
    ['a very long key', { authorization: `Bearer ${'k'.repeat(8000)}` }],
  ])('refuses %s with 401 before touching Bedrock', async (_name, headers) => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, request, headers);
    expect(response.status).toBe(401);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'authentication_error' } });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it("keeps each key's embedding cache apart: a key cannot learn from x-cache what another embedded", async () => {
    const embed = (key: string) =>
      postJson(`${proxy.url}/chat`, { mode: 'embed', text: 'a private sentence' }, { authorization: `Bearer ${key}` });
    expect((await embed('key-one')).headers.get('x-cache')).toBe('miss');
    expect((await embed('key-one')).headers.get('x-cache')).toBe('hit');
    expect((await embed('key-two')).headers.get('x-cache')).toBe('miss');
  });

  it('reads a repeated Authorization header as a Function URL passes it on, joined with ",": not a key', async () => {
    const { hostname, port } = new URL(proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () =>
        socket.end(
          'GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer key-one\r\nAuthorization: Bearer key-one\r\nConnection: close\r\n\r\n',
        ),
      );
      let head = '';
      socket.on('data', (chunk) => {
        head += chunk;
      });
      socket.on('end', () => resolve(Number(head.split(' ')[1])));
      socket.on('error', reject);
    });
    expect(status).toBe(401);
  });

  it('does not accept the key in the query string', async () => {
    const response = await postJson(`${proxy.url}/chat?api_key=key-one&x-api-key=key-one`, request);
    expect(response.status).toBe(401);
  });

  it('checks the key before parsing the body', async () => {
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', body: '{not json' });
    expect(response.status).toBe(401);
  });

  it('serves /health and CORS preflight without a key', async () => {
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/chat`, { method: 'OPTIONS' })).status).toBe(204);
  });
});
