import { afterEach, expect, it, vi } from 'vitest';
import { EmbeddingCache } from '../../lambda/embed/cache';

afterEach(() => {
  vi.doUnmock('lru-cache');
});

it('keeps no entries when disabled, and the same store across calls when enabled', async () => {
  expect(await new EmbeddingCache(0).open()).toBeUndefined();
  const cache = new EmbeddingCache(1024);
  const store = await cache.open();
  store?.set('k', [1, 2]);
  expect(await cache.open()).toBe(store);
  expect(store?.get('k')).toEqual([1, 2]);
});

it('loads the LRU library again on the next request after its import failed', async () => {
  // A load of the library's chunk can fail for a reason that passes (EMFILE); the instance must
  // not fail every later embedding request for it.
  vi.doMock('lru-cache', () => {
    throw new Error('EMFILE: too many open files');
  });
  const cache = new EmbeddingCache(1024);
  // vitest wraps what the mock threw as the cause of its own error.
  await expect(cache.open()).rejects.toMatchObject({ cause: { message: expect.stringMatching(/EMFILE/) } });
  vi.doUnmock('lru-cache');
  const store = await cache.open();
  store?.set('k', [3]);
  expect(store?.get('k')).toEqual([3]);
});
