import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BedrockErrorCode } from '../../local/emulator';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ MAX_BODY_BYTES: String(64 * 1024) });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const payload = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };
const messages = [{ role: 'user', content: 'hi' }];

const nullableString = expect.toSatisfy((value: unknown) => value === null || typeof value === 'string');
const expectErrorShape = (body: unknown) =>
  expect(body).toEqual({
    error: { type: expect.any(String), message: expect.any(String), code: nullableString, param: nullableString },
  });

describe('Bedrock errors become honest statuses', () => {
  const table: [BedrockErrorCode, number, string, string | null][] = [
    ['ValidationException', 400, 'invalid_request_error', null],
    ['AccessDeniedException', 403, 'permission_error', null],
    ['ResourceNotFoundException', 404, 'not_found_error', null],
    ['ThrottlingException', 429, 'rate_limit_error', '5'],
    ['ModelNotReadyException', 429, 'rate_limit_error', '10'],
    ['ServiceQuotaExceededException', 429, 'rate_limit_error', '30'],
    ['ModelTimeoutException', 504, 'timeout_error', null],
    ['ServiceUnavailableException', 503, 'service_unavailable_error', '5'],
    ['ModelErrorException', 502, 'upstream_error', null],
    ['InternalServerException', 502, 'upstream_error', null],
  ];

  it.each(table)('%s → %i', async (code, status, type, retryAfter) => {
    for (const [operation, body] of [
      ['invoke', { model: claude, payload }],
      ['converse', { model: claude, messages }],
      ['converse-stream', { model: claude, messages, stream: true }],
    ] as const) {
      proxy.emulator.fault({ error: code, message: 'internal detail 7f3a', operation });
      const response = await postJson(`${proxy.url}/chat`, body);
      expect(response.status, `${code} on ${operation}`).toBe(status);
      expect(response.headers.get('retry-after'), `Retry-After for ${code}`).toBe(retryAfter);
      const json = await bodyOf(response);
      expectErrorShape(json);
      expect(json.error).toMatchObject({ type, code });
      const exposes = code === 'ValidationException' || code === 'ResourceNotFoundException';
      expect(JSON.stringify(json).includes('internal detail 7f3a')).toBe(exposes);
    }
  });

  it('embedding calls map errors the same way', async () => {
    proxy.emulator.fault({ error: 'ThrottlingException' });
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', text: 'x' });
    expect(response.status).toBe(429);
  });

  it('Bedrock rejecting a raw payload is a 400 that says why', async () => {
    const response = await postJson(`${proxy.url}/chat`, { model: claude, payload: { messages } });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error.code).toBe('ValidationException');
  });
});

describe('bad requests get a clear 4xx in the one error shape', () => {
  const chat = (body: Record<string, unknown>) => JSON.stringify({ model: claude, messages, ...body });
  const embed = (body: Record<string, unknown>) => JSON.stringify({ mode: 'embed', text: 'x', ...body });
  const table: [string, string | Buffer, number, string?][] = [
    ['truncated JSON', '{"mode":', 400],
    ['an empty body', '', 400],
    ['JSON null', 'null', 400],
    ['a JSON array', '[]', 400],
    ['a JSON string', '"chat"', 400],
    ['a JSON number', '42', 400],
    ['a JSON boolean', 'true', 400],
    ['invalid UTF-8 bytes', Buffer.from([0xff, 0xfe, 0x7b]), 400],
    ['deeply nested arrays', '['.repeat(50_000), 400],
    ['another mode (chat, as in the original) without a chat body', '{"mode":"sing"}', 400, 'messages'],
    ['a numeric mode', '{"mode":1}', 400, 'mode'],
    ['neither payload nor messages', '{}', 400, 'messages'],
    ['a string payload', '{"payload":"hi"}', 400, 'payload'],
    ['an array payload', '{"payload":[]}', 400, 'payload'],
    ['a null payload (absent, as in the original)', '{"payload":null}', 400, 'messages'],
    ['both payload and messages', JSON.stringify({ payload, messages }), 400, 'payload'],
    ['no messages', chat({ messages: [] }), 400, 'messages'],
    ['messages as a string', chat({ messages: 'hi' }), 400, 'messages'],
    ['an unknown role', chat({ messages: [{ role: 'robot', content: 'x' }] }), 400, 'messages.0.role'],
    ['a message without content', chat({ messages: [{ role: 'user' }] }), 400, 'messages.0.content'],
    ['numeric content', chat({ messages: [{ role: 'user', content: 5 }] }), 400, 'messages.0.content'],
    ['empty content parts', chat({ messages: [{ role: 'user', content: [] }] }), 400, 'messages.0.content'],
    ['a part without text', chat({ messages: [{ role: 'user', content: [{ type: 'image' }] }] }), 400, 'messages.0.content'],
    ['negative max_tokens', chat({ max_tokens: -1 }), 400, 'max_tokens'],
    ['fractional max_tokens', chat({ max_tokens: 1.5 }), 400, 'max_tokens'],
    ['max_tokens as text', chat({ max_tokens: '100' }), 400, 'max_tokens'],
    ['temperature too high', chat({ temperature: 3 }), 400, 'temperature'],
    ['temperature as text', chat({ temperature: 'hot' }), 400, 'temperature'],
    ['top_p above 1', chat({ top_p: 2 }), 400, 'top_p'],
    ['stop as a number', chat({ stop: 5 }), 400, 'stop'],
    ['an empty stop sequence', chat({ stop: [''] }), 400, 'stop.0'],
    ['stream as text', chat({ stream: 'yes' }), 400, 'stream'],
    ['stream as 2', chat({ stream: 2 }), 400, 'stream'],
    ['system as a number', chat({ system: 5 }), 400, 'system'],
    ['a numeric model', chat({ model: 5 }), 400, 'model'],
    ['a model with spaces', chat({ model: 'my model' }), 400, 'model'],
    ['a 3000-character model', chat({ model: 'a'.repeat(3000) }), 400, 'model'],
    ['a model that is a dot-segment of the Bedrock path', chat({ model: '..' }), 400, 'model'],
    ['a model with a dot-segment between slashes', chat({ model: 'arn:aws:bedrock:us-east-1:123456789012:x/./y' }), 400, 'model'],
    ['a model Bedrock does not know', chat({ model: 'nonexistent.model-v1' }), 400],
    ['embed without text', '{"mode":"embed"}', 400, 'text'],
    ['embed an empty text', embed({ text: '' }), 400, 'text'],
    ['embed no texts', embed({ text: [] }), 400, 'text'],
    ['embed numbers', embed({ text: [1, 2] }), 400, 'text'],
    ['embed a number', embed({ text: 5 }), 400, 'text'],
    ['embed zero dimensions', embed({ dimensions: 0 }), 400, 'dimensions'],
    ['embed dimensions as text', embed({ dimensions: 'big' }), 400, 'dimensions'],
    ['embed normalize as text', embed({ normalize: 'yes' }), 400, 'normalize'],
    ['embed an unknown input_type', embed({ input_type: 'poem' }), 400, 'input_type'],
    ['embed with a chat model', embed({ model: claude }), 400, 'model'],
    ['Titan v1 with dimensions', embed({ model: 'amazon.titan-embed-text-v1', dimensions: 256 }), 400, 'dimensions'],
    ['Titan v2 with dimensions Bedrock refuses', embed({ model: 'amazon.titan-embed-text-v2:0', dimensions: 100 }), 400, 'dimensions'],
    ['too many messages', chat({ messages: Array.from({ length: 501 }, () => ({ role: 'user', content: 'x' })) }), 400, 'messages'],
    ['max_tokens over the cap', chat({ max_tokens: 128_001 }), 400, 'max_tokens'],
    ['too many texts to embed', embed({ text: Array.from({ length: 257 }, (_, i) => `t${i}`) }), 400, 'text'],
    ['a text to embed over the cap', embed({ text: 'x'.repeat(50_001) }), 400, 'text'],
    ['a body over MAX_BODY_BYTES', JSON.stringify({ payload: { pad: 'x'.repeat(70 * 1024) } }), 413],
  ];

  it(`has at least 40 cases (${table.length})`, () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)('%s → %s', async (_name, body, status, param) => {
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = await bodyOf(response);
    expectErrorShape(json);
    if (param) expect(json.error.param).toBe(param);
  });

  it.each([
    ['amazon.titan-embed-text-v1', 256, 'Titan Text Embeddings v1 has a fixed size; "dimensions" is not supported.'],
    ['cohere.embed-english-v3', 1024, 'Cohere Embed v3 has a fixed size; "dimensions" is not supported.'],
    ['amazon.titan-embed-text-v2:0', 384, 'Titan Text Embeddings v2 takes "dimensions" 256, 512, 1024; 384 is not one of them.'],
    ['cohere.embed-v4:0', 3072, 'Cohere Embed v4 takes "dimensions" 256, 512, 1024, 1536; 3072 is not one of them.'],
    [
      'amazon.nova-2-multimodal-embeddings-v1:0',
      512,
      'Nova multimodal embeddings takes "dimensions" 256, 384, 1024, 3072; 512 is not one of them.',
    ],
  ])('refuses %s with dimensions %i before any Bedrock call, naming the sizes it takes', async (model, dimensions, message) => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: 'sized', dimensions });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toEqual({ type: 'invalid_request_error', message, code: 'invalid_value', param: 'dimensions' });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it('says a missing text to embed is required', async () => {
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed' });
    expect((await bodyOf(response)).error).toMatchObject({ param: 'text', message: '"text": is required' });
  });

  it('says the limit when there are too many texts to embed', async () => {
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', text: Array.from({ length: 257 }, (_, i) => `t${i}`) });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toMatchObject({ param: 'text', message: '"text": must hold at most 256 texts' });
  });

  it.each([1e308, 1e23, 128_001])('says the cap of 128000 for max_tokens %s, not the safe-integer one', async (maxTokens) => {
    const response = await postJson(`${proxy.url}/chat`, { messages, max_tokens: maxTokens });
    expect(response.status).toBe(400);
    const { error } = await bodyOf(response);
    expect(error).toMatchObject({ param: 'max_tokens' });
    expect(error.message).toContain('128000');
  });

  it('answers an unknown path with 404 and a wrong method with 405 and Allow', async () => {
    const missing = await fetch(`${proxy.url}/nope`);
    expect(missing.status).toBe(404);
    expectErrorShape(await bodyOf(missing));
    const wrong = await fetch(`${proxy.url}/chat`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    expectErrorShape(await bodyOf(wrong));
    const deleteHealth = await fetch(`${proxy.url}/health`, { method: 'DELETE' });
    expect(deleteHealth.status).toBe(405);
  });

  it('refuses a body over the Function URL limit (6 MB) before invoking', async () => {
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', body: Buffer.alloc(7 * 1024 * 1024, 32) });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await bodyOf(response);
    expectErrorShape(body);
    // The same code as the handler's own 413 (MAX_BODY_BYTES).
    expect((body as { error: { code: unknown } }).error.code).toBe('payload_too_large');
  });

  it.each([
    ['application/json', 'a JSON body'],
    ['application/octet-stream', 'a binary body (base64 in the event)'],
  ])('skips a UTF-8 byte order mark before the JSON, as the original did (%s: %s)', async (contentType) => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ model: claude, messages }))]);
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toMatchObject({ model: claude });
  });

  it.each([
    ['60 KiB', 60 * 1024, 200],
    ['70 KiB', 70 * 1024, 413],
  ])(
    'measures a binary body (base64 in the event, a third larger) by its bytes against MAX_BODY_BYTES: %s → %i',
    async (_name, size, status) => {
      const padding = JSON.stringify({ model: claude, messages: [{ role: 'user', content: '' }] }).length;
      const body = Buffer.from(JSON.stringify({ model: claude, messages: [{ role: 'user', content: 'x'.repeat(size - padding) }] }));
      expect(body.length).toBe(size);
      const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
      expect(response.status).toBe(status);
      await response.arrayBuffer();
    },
  );

  it('measures the Function URL limit on the event, as Lambda does: a body under 6 MB whose escaped event is over it is a 413', async () => {
    // 3.2 MB of \" pairs: JSON-escaped again inside the event, each pair takes 4 bytes.
    const body = JSON.stringify({ messages: [{ role: 'user', content: '"'.repeat(1_600_000) }] });
    expect(body.length).toBeLessThan(6 * 1024 * 1024);
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(413);
    // The URL's own 413, before the function (whose MAX_BODY_BYTES here is 64 KB) is invoked.
    expect((await bodyOf(response)).error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('6291456') });
  });

  it('without CORS configured, a preflight reaches the function, as it does at a Function URL without CORS', async () => {
    const response = await fetch(`${proxy.url}/chat`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a gzip body with a 415 that names the encoding, not as malformed JSON', async () => {
    const body = gzipSync(JSON.stringify({ model: claude, messages }));
    const response = await fetch(`${proxy.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    });
    expect(response.status).toBe(415);
    const json = await bodyOf(response);
    expectErrorShape(json);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_content_encoding' });
    expect(json.error.message).toContain('"gzip"');
  });

  it('accepts JSON sent with another content type, as the original did (curl -d)', async () => {
    const response = await fetch(`${proxy.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ model: claude, messages }),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a payload nesting 5,000 levels deep with a 400, not a 502 from a stack overflow', async () => {
    const body = `{"model":"${claude}","payload":{"extra":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'invalid_request_error', code: 'too_deeply_nested' } });
  });

  it('refuses a number beyond a double (1e400) with a 400, where it was sent to Bedrock as null', async () => {
    const body = `{"model":"${claude}","payload":{"anthropic_version":"bedrock-2023-05-31","max_tokens":1e400,"messages":[]}}`;
    const response = await fetch(`${proxy.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'invalid_request_error', code: 'number_out_of_range' } });
  });

  it.each([
    ['//', 404],
    ['http://x:99999/', 400],
    ['http://[::1/', 400],
  ])('answers the request target %s, which new URL() alone cannot parse, with a %i, and goes on', async (target, status) => {
    const reply = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(status);
    expectErrorShape(JSON.parse(reply.body));
  });

  it.each([
    ['a URL over 16 KB', `GET /health?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`, 431, 'headers_too_large'],
    ['a header over 16 KB', `GET /health HTTP/1.1\r\nHost: localhost\r\nx-big: ${'h'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'malformed_request'],
    ['an HTTP/1.1 request without Host', 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'malformed_request'],
    ['a CONNECT request', 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n', 405, 'method_not_allowed'],
  ])('answers %s in the error shape, where Node alone answers with no body or none at all', async (_name, text, status, code) => {
    const reply = await rawRequest(text);
    expect(reply.status).toBe(status);
    const body = JSON.parse(reply.body);
    expectErrorShape(body);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code });
  });

  it('is still serving after all of that', async () => {
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
    const response = await postJson(`${proxy.url}/chat`, { model: claude, payload });
    expect(response.status).toBe(200);
  });
});

/** Sends bytes as they are, for request lines no HTTP client would send; the reply's status and body. */
function rawRequest(text: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', rest = ''] = raw.split('\r\n\r\n', 2);
      // A chunked body: keep the chunks' data, drop their size lines.
      const body = /transfer-encoding: chunked/i.test(head)
        ? rest
            .split('\r\n')
            .filter((_line, index) => index % 2 === 1)
            .join('')
        : rest;
      resolve({ status: Number(head.split(' ')[1]), body });
    });
    socket.on('error', reject);
  });
}
