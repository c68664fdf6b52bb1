import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ API_KEYS: 'k' });
const headers = { authorization: 'Bearer k', 'content-type': 'application/json' };
const ROUTES = ['/chat', '/v1/chat/completions', '/v1/embeddings'];

/** Posts a body; the proxy must answer below 500, with the error shape on 4xx and no stack trace. */
async function assertNoServerError(path: string, body: string | Uint8Array): Promise<void> {
  const response = await fetch(`${proxy.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  expect(response.status, `${path} ${String(body).slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text).not.toMatch(/\n\s+at /);
  if (response.status >= 400) {
    expect(JSON.parse(text)).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
  }
}

const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const anything = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }));
const models = fc.oneof(
  fc.constantFrom(
    'anthropic.claude-3-haiku-20240307-v1:0',
    'amazon.titan-embed-text-v2:0',
    'cohere.embed-english-v3',
    'amazon.nova-micro-v1:0',
  ),
  anything,
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool', 'developer'), anything),
    content: fc.oneof(fc.string({ maxLength: 30 }), anything),
  },
  { requiredKeys: [] },
);
/** Request-shaped objects: the right keys with arbitrary values reach deeper validation. */
const requestLike = fc.record(
  {
    mode: fc.oneof(fc.constantFrom('chat', 'embed'), anything),
    model: models,
    stream: fc.oneof(fc.boolean(), anything),
    messages: fc.oneof(fc.array(message, { maxLength: 3 }), anything),
    payload: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), anything, { maxKeys: 3 }), anything),
    text: fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), anything),
    input: fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), anything),
    max_tokens: anything,
    temperature: anything,
    dimensions: fc.oneof(fc.integer({ min: -2, max: 4000 }), anything),
    tools: anything,
    n: anything,
  },
  { requiredKeys: [] },
);

describe('no input produces a server error or an unhandled rejection', () => {
  it.each(ROUTES)('%s: arbitrary JSON values', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), (value) => assertNoServerError(path, JSON.stringify(value))),
      {
        numRuns: 60,
      },
    );
  });

  it.each(ROUTES)('%s: request-shaped objects with arbitrary values', async (path) => {
    await fc.assert(
      fc.asyncProperty(requestLike, (value) => assertNoServerError(path, JSON.stringify(value))),
      { numRuns: 120 },
    );
  });

  it.each(ROUTES)('%s: arbitrary bytes', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), (bytes) => assertNoServerError(path, bytes)),
      { numRuns: 60 },
    );
  });

  it('is still serving afterwards', async () => {
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });
});
