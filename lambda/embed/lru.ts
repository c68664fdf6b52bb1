/**
 * A least-recently-used cache bounded by the total size of its values rather than by their count.
 * A `Map` iterates in insertion order, so re-inserting an entry on every read and write keeps the
 * least recent entry first, and eviction walks from the front.
 *
 * As in lru-cache with `maxSize`: `sizeOf` must return a positive integer, and a value larger than
 * `maxSize` on its own is not stored (setting one removes whatever the key held before).
 */
export class SizeBoundedLru<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly size: number }>();
  private totalSize = 0;

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    if (size > this.maxSize) return;
    this.entries.set(key, { value, size });
    this.totalSize += size;
    // The new entry is last and fits alone, so this stops before reaching it.
    for (const oldest of this.entries.keys()) {
      if (this.totalSize <= this.maxSize) break;
      this.delete(oldest);
    }
  }

  private delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.totalSize -= entry.size;
  }
}
