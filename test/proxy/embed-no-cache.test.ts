import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ EMBED_CACHE_MAX_BYTES: '0' });

describe('embeddings with the cache turned off (EMBED_CACHE_MAX_BYTES=0)', () => {
  it.each([
    ['Titan, one text', { model: 'amazon.titan-embed-text-v2:0', text: 'no cache here' }, 1],
    ['Titan, two texts', { model: 'amazon.titan-embed-text-v2:0', text: ['first', 'second'] }, 2],
    ['Cohere, two texts', { model: 'cohere.embed-english-v3', text: ['first', 'second'] }, 2],
  ])('returns the vectors and asks Bedrock every time: %s', async (_name, request, count) => {
    proxy.emulator.reset();
    const calls: number[] = [];
    for (const _round of [1, 2]) {
      const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', ...request });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-cache')).toBe('miss');
      const body = await bodyOf(response);
      const vectors = Array.isArray(request.text) ? body.embeddings : [body.embedding];
      expect(vectors).toHaveLength(count);
      expect(body.dimensions).toBeGreaterThan(0);
      for (const vector of vectors) expect(vector).toHaveLength(body.dimensions);
      expect(body.usage.input_tokens).toBeGreaterThan(0);
      calls.push(proxy.emulator.requests.length);
    }
    expect(calls[1]).toBe(2 * (calls[0] ?? 0));
  });

  it('serves /v1/embeddings too', async () => {
    const response = await postJson(`${proxy.url}/v1/embeddings`, {
      model: 'amazon.titan-embed-text-v2:0',
      input: ['a', 'b'],
      dimensions: 256,
    });
    const body = await bodyOf(response);
    expect(body.data.map((item: { index: number; embedding: number[] }) => [item.index, item.embedding.length])).toEqual([
      [0, 256],
      [1, 256],
    ]);
  });

  it('embeds a text the request repeats once, and answers it in every place', async () => {
    proxy.emulator.reset();
    const once = await bodyOf(await postJson(`${proxy.url}/chat`, { mode: 'embed', text: 'twice' }));
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', text: ['twice', 'other', 'twice'] });
    const body = await bodyOf(response);
    expect(proxy.emulator.requests.map((request) => request.body)).toEqual([{ inputText: 'twice' }, { inputText: 'other' }]);
    expect(body.embeddings[0]).toEqual(once.embedding);
    expect(body.embeddings[2]).toEqual(once.embedding);
    expect(body.embeddings[1]).not.toEqual(once.embedding);
    expect(body.usage.input_tokens).toBeLessThan(3 * once.usage.input_tokens);
  });
});
