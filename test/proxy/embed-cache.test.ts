import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();

describe('embedding cache (per warm instance, size-bounded LRU)', () => {
  it('answers a repeated embedding from the cache: x-cache miss, then hit, and no second Bedrock call', async () => {
    proxy.emulator.reset();
    const request = { mode: 'embed', model: 'amazon.titan-embed-text-v2:0', text: 'cache me', dimensions: 256 };
    const first = await postJson(`${proxy.url}/chat`, request);
    expect(first.headers.get('x-cache')).toBe('miss');
    const second = await postJson(`${proxy.url}/chat`, request);
    expect(second.headers.get('x-cache')).toBe('hit');
    const [cached, fresh] = [await bodyOf(second), await bodyOf(first)];
    expect(cached).toEqual({ ...fresh, usage: { input_tokens: 0 } });
    expect(fresh.usage.input_tokens).toBeGreaterThan(0);
    expect(proxy.emulator.requests).toHaveLength(1);
  });

  it('keys by the exact text: two texts that differ only in a lone surrogate are two entries', async () => {
    proxy.emulator.reset();
    // Encoded as UTF-8 both would be "a" + U+FFFD; Bedrock is sent two different texts.
    for (const text of ['a\ud800', 'a\udfff']) {
      const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', model: 'amazon.titan-embed-text-v2:0', text });
      expect(response.headers.get('x-cache')).toBe('miss');
    }
    expect(proxy.emulator.requests).toHaveLength(2);
  });

  it('keys by model and parameters, not just the text', async () => {
    proxy.emulator.reset();
    const base = { mode: 'embed', model: 'amazon.titan-embed-text-v2:0', text: 'same text' };
    const cohere = 'cohere.embed-english-v3';
    for (const variant of [
      {},
      { dimensions: 512 },
      { normalize: false },
      { model: cohere },
      { model: cohere, input_type: 'search_query' },
    ]) {
      const response = await postJson(`${proxy.url}/chat`, { ...base, ...variant });
      expect(response.headers.get('x-cache')).toBe('miss');
    }
    expect(proxy.emulator.requests).toHaveLength(5);
    // A query's vector is asked for as a query, not served from the document's.
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({ input_type: 'search_query' });
  });

  it('asks Bedrock only for the texts it has not seen, keeping order', async () => {
    proxy.emulator.reset();
    const model = 'cohere.embed-english-v3';
    const one = await bodyOf(await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: 'beta' }));
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: ['alpha', 'beta', 'gamma'] });
    expect(response.headers.get('x-cache')).toBe('miss');
    const many = await bodyOf(response);
    expect(many.embeddings[1]).toEqual(one.embedding);
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({ texts: ['alpha', 'gamma'] });
  });
});
