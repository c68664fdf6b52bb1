import { createHash } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { onFirstUse } from '../first-use';
import type { EmbedOptions } from '../models/embed-families';

/** The entries of an instance's embedding cache, by `embeddingKey()`. */
export interface EmbeddingStore {
  get(key: string): number[] | undefined;
  set(key: string, vector: number[]): void;
}

/**
 * Embeddings already computed by this warm instance, bounded by size (8 bytes per dimension).
 * The LRU library is imported on the first embedding request, not at cold start (in the Lambda
 * bundle it is a chunk of its own, lib/bundling.ts): an instance that only chats never loads it.
 */
export class EmbeddingCache {
  private readonly store = onFirstUse(async () => sizeBounded((await import('lru-cache')).LRUCache, this.maxBytes));

  /** `maxBytes` 0 disables the cache. */
  constructor(private readonly maxBytes: number) {}

  /** The entries, or undefined when the cache is disabled. */
  open(): Promise<EmbeddingStore | undefined> {
    return this.maxBytes <= 0 ? Promise.resolve(undefined) : this.store();
  }
}

function sizeBounded(Lru: typeof LRUCache, maxBytes: number): EmbeddingStore {
  return new Lru<string, number[]>({ maxSize: maxBytes, sizeCalculation: (vector) => Math.max(1, vector.length * 8) });
}

/**
 * The key of one text's vector: caller, model, options and a hash of the text, so the text itself
 * is not kept. Each API key has its own entries: a shared one would let any key learn, from
 * `x-cache: hit`, whether another key had embedded a text it guesses.
 */
export function embeddingKey(caller: string | undefined, model: string, options: EmbedOptions, text: string): string {
  // The text's UTF-16 code units, not UTF-8: encoding turns every lone surrogate into U+FFFD,
  // so "a\ud800" and "a\udfff" would share a key though Bedrock is sent two different texts.
  return createHash('sha256')
    .update(JSON.stringify([caller ?? null, model, options.dimensions ?? null, options.normalize ?? null, options.inputType ?? null]))
    .update('\0')
    .update(text, 'utf16le')
    .digest('base64');
}
