/** FNV-1a, 32 bit: a stable hash so every id, padding and vector is reproducible. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A pseudo-random generator (mulberry32) seeded from text. */
export function seededRandom(seed: string): () => number {
  let state = hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function deterministicId(seed: string, length: number): string {
  const next = seededRandom(seed);
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return id;
}

/** The `p` field Bedrock adds to stream events against token-length side channels. */
export function padding(index: number): string {
  return ALPHABET.slice(0, 1 + ((index * 7 + 3) % 30));
}

/** Request ids look like UUIDs and count up per emulator. */
export function requestId(counter: number): string {
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}
