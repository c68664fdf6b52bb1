import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../lambda/bedrock-client';
import { loadConfig } from '../../lambda/config';
import { EmbeddingCache } from '../../lambda/embed/cache';
import { embedTexts } from '../../lambda/embed/embed';
import { HttpError } from '../../lambda/errors';
import { normalizeVector } from '../../lambda/models/embed-families';

// A Bedrock endpoint that answers every InvokeModel with the Titan v1 body set here: the real SDK
// client and the real embed path read it over loopback HTTP.
let answer: unknown;
const server = http.createServer((req, res) => {
  req.resume().on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
});
let deps: Parameters<typeof embedTexts>[0];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const config = loadConfig({ MAX_RETRY_ATTEMPTS: '1' });
  deps = { client: createBedrockClient(config), config, embedCache: new EmbeddingCache(1024 * 1024) };
});
afterAll(() => {
  server.close();
  delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
});

describe('vectors from Bedrock are checked before they are returned or cached', () => {
  it.each([
    ['a null component', [null, 1, 2]],
    ['a string component', ['1', 2, 2]],
    ['an object component', [{}, 1, 2]],
    ['no components', []],
  ])('%s is a 502 invalid_upstream_body, and nothing is cached', async (_name, embedding) => {
    answer = { embedding, inputTextTokenCount: 3 };
    const failure = await embedTexts(deps, 'amazon.titan-embed-text-v1', [`t-${_name}`], { normalize: true }).catch((e) => e);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 502, details: { code: 'invalid_upstream_body' } });
    answer = { embedding: [3, 4], inputTextTokenCount: 3 };
    const retried = await embedTexts(deps, 'amazon.titan-embed-text-v1', [`t-${_name}`], { normalize: true });
    expect(retried).toMatchObject({ cached: false, vectors: [[0.6, 0.8]] });
  });
});

describe('what else Bedrock says about the vectors is checked too', () => {
  it('vectors of different sizes in one reply are a 502 invalid_upstream_body', async () => {
    answer = { embeddings: { float: [[0.1], [0.1, 0.2]] } };
    const failure = await embedTexts(deps, 'cohere.embed-english-v3', ['size-a', 'size-b'], {}).catch((e) => e);
    expect(failure).toMatchObject({ statusCode: 502, details: { code: 'invalid_upstream_body' } });
  });

  it('a token count that is not a number is not passed on as one', async () => {
    answer = { embedding: [3, 4], inputTextTokenCount: 'lots' };
    const result = await embedTexts(deps, 'amazon.titan-embed-text-v1', ['count-lots'], {});
    expect(result.inputTokens).toBe(0);
  });
});

describe('normalizeVector', () => {
  it.each([
    [
      [1e200, 1e200, 0],
      [Math.SQRT1_2, Math.SQRT1_2, 0],
    ],
    [
      [1e-200, 1e-200, 0],
      [Math.SQRT1_2, Math.SQRT1_2, 0],
    ],
    [
      [3, -4],
      [0.6, -0.8],
    ],
  ])('scales %j to length 1 without overflow or underflow', (vector, unit) => {
    const normalized = normalizeVector(vector);
    for (const [i, x] of normalized.entries()) expect(x).toBeCloseTo(unit[i] as number, 12);
  });
});
