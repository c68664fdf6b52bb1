import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../lambda/embed/cache';
import { SizeBoundedLru } from '../../lambda/embed/lru';

// Each value is its own size, so the arithmetic in a test reads off its values.
const lru = (maxSize: number) => new SizeBoundedLru<string, number>(maxSize, (value) => value);
const keysIn = (cache: SizeBoundedLru<string, number>, keys: string[]) => keys.filter((key) => cache.get(key) !== undefined);

describe('SizeBoundedLru', () => {
  it('evicts the least recently used entry first', () => {
    const cache = lru(3);
    cache.set('a', 1);
    cache.set('b', 1);
    cache.set('c', 1);

    cache.set('d', 1);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
  });

  it('counts a get as a use, so a read entry outlives an older unread one', () => {
    const cache = lru(3);
    cache.set('a', 1);
    cache.set('b', 1);
    cache.set('c', 1);

    expect(cache.get('a')).toBe(1);
    cache.set('d', 1);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });

  it('evicts as many of the oldest entries as it takes for the new size to fit', () => {
    const cache = lru(10);
    cache.set('a', 4);
    cache.set('b', 4);
    cache.set('c', 2);

    cache.set('d', 5);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['c', 'd']);
  });

  it('keeps an entry exactly as big as maxSize', () => {
    const cache = lru(10);
    cache.set('a', 10);
    expect(cache.get('a')).toBe(10);
  });

  it('replacing a key with a smaller value frees the difference', () => {
    const cache = lru(10);
    cache.set('a', 4);
    cache.set('b', 4);

    cache.set('a', 2);
    cache.set('c', 4);

    expect(keysIn(cache, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('replacing a key with a larger value counts only the new size', () => {
    const cache = lru(10);
    cache.set('a', 2);
    cache.set('b', 4);

    cache.set('a', 6);
    expect(cache.get('b')).toBe(4);
    cache.set('c', 1);

    expect(keysIn(cache, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('counts a set of an existing key as a use', () => {
    const cache = lru(3);
    cache.set('a', 1);
    cache.set('b', 1);
    cache.set('c', 1);

    cache.set('a', 1);
    cache.set('d', 1);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });

  it('does not store a value larger than maxSize, and leaves the other entries alone', () => {
    const cache = lru(10);
    cache.set('a', 4);

    cache.set('big', 11);

    expect(keysIn(cache, ['a', 'big'])).toEqual(['a']);
  });

  it('setting an oversized value under an existing key removes the old entry and its size (as lru-cache does)', () => {
    const cache = lru(10);
    cache.set('a', 4);

    cache.set('a', 11);
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 10);

    expect(cache.get('b')).toBe(10);
  });
});

describe('EmbeddingCache', () => {
  it('bounds the cache at 8 bytes per dimension', () => {
    const cache = new EmbeddingCache(16);
    cache.set('two', [0.1, 0.2]);
    cache.set('three', [0.1, 0.2, 0.3]);
    expect(cache.get('two')).toEqual([0.1, 0.2]);
    expect(cache.get('three')).toBeUndefined();

    cache.set('one', [0.5]);

    expect(cache.get('two')).toBeUndefined();
    expect(cache.get('one')).toEqual([0.5]);
  });

  it.each([0, -1])('keeps nothing when maxBytes is %i', (maxBytes) => {
    const cache = new EmbeddingCache(maxBytes);
    cache.set('one', [0.5]);
    expect(cache.get('one')).toBeUndefined();
  });
});
