import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';
import { openAIClient } from './client';

const proxy = useLocalProxy();
const client = () => openAIClient(proxy.url);
const MODELS = [
  ['Titan Text Embeddings v2', 'amazon.titan-embed-text-v2:0', 1024],
  ['Cohere Embed v3', 'cohere.embed-english-v3', 1024],
] as const;
const texts = ['The quick brown fox', 'jumps over the lazy dog', 'again'];

describe('POST /v1/embeddings with the openai SDK', () => {
  it.each(MODELS)('%s: float and base64 decode to the same vectors, in input order', async (_name, model, size) => {
    const float = await client().embeddings.create({ model, input: texts, encoding_format: 'float' });
    expect(float).toMatchObject({ object: 'list', model, usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) } });
    expect(float.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual(texts.map((_, i) => ['embedding', i, size]));
    // With no encoding_format the SDK asks for base64 and decodes the float32 bytes itself.
    const decoded = await client().embeddings.create({ model, input: texts });
    expect(decoded.data.map((item) => item.embedding)).toEqual(float.data.map((item) => item.embedding.map(Math.fround)));
    expect(new Set(float.data.map((item) => item.embedding[0])).size).toBe(texts.length);
  });

  it('base64 is little-endian float32, as OpenAI sends it', async () => {
    const model = 'amazon.titan-embed-text-v2:0';
    const float = await client().embeddings.create({ model, input: 'hello', encoding_format: 'float' });
    const base64 = await client().embeddings.create({ model, input: 'hello', encoding_format: 'base64' });
    const bytes = Buffer.from(String(base64.data[0]?.embedding), 'base64');
    const vector = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(vector).toEqual(float.data[0]?.embedding.map(Math.fround));
    expect(vector).toHaveLength(1024);
  });

  it('a single string and dimensions', async () => {
    proxy.emulator.reset();
    const result = await client().embeddings.create({
      model: 'amazon.titan-embed-text-v2:0',
      input: 'hello',
      dimensions: 256,
      encoding_format: 'float',
    });
    expect(result.data).toHaveLength(1);
    expect(result.data[0]?.embedding).toHaveLength(256);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    expect(result.usage.total_tokens).toBe(result.usage.prompt_tokens);
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({ inputText: 'hello', dimensions: 256 });
  });

  it("uses the deployment's embedding model when none is named", async () => {
    const response = await fetch(`${proxy.url}/v1/embeddings`, { method: 'POST', body: JSON.stringify({ input: 'hello' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ model: 'amazon.titan-embed-text-v2:0' });
  });
});
