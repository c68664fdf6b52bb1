import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { EmbedOptions } from '../models/embed-families';

/**
 * Embeddings already computed by this warm instance, bounded by size (8 bytes per dimension),
 * keyed by caller, model, options and a hash of the text so the text itself is not kept as a key.
 * Each API key has its own entries: a shared one would let any key learn, from `x-cache: hit`,
 * whether another key had embedded a text it guesses.
 */
export class EmbeddingCache {
  private readonly cache: LRUCache<string, number[]> | undefined;

  constructor(maxBytes: number) {
    this.cache =
      maxBytes > 0 ? new LRUCache({ maxSize: maxBytes, sizeCalculation: (vector) => Math.max(1, vector.length * 8) }) : undefined;
  }

  key(caller: string | undefined, model: string, options: EmbedOptions, text: string): string {
    // The text's UTF-16 code units, not UTF-8: encoding turns every lone surrogate into U+FFFD,
    // so "a\ud800" and "a\udfff" would share a key though Bedrock is sent two different texts.
    return createHash('sha256')
      .update(JSON.stringify([caller ?? null, model, options.dimensions ?? null, options.normalize ?? null, options.inputType ?? null]))
      .update('\0')
      .update(text, 'utf16le')
      .digest('base64');
  }

  get(key: string): number[] | undefined {
    return this.cache?.get(key);
  }

  set(key: string, vector: number[]): void {
    this.cache?.set(key, vector);
  }
}
