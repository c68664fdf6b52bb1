import { seededRandom } from './deterministic';

/** A reproducible vector for a text: seeded by the text and the dimension, unit length when normalized. */
export function embeddingVector(text: string, dimension: number, normalize = true): number[] {
  const next = seededRandom(`${dimension}:${text}`);
  const raw = Array.from({ length: dimension }, () => next() * 2 - 1);
  if (!normalize) return raw;
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0));
  return raw.map((value) => value / norm);
}

export type EmbeddingType = 'float' | 'int8' | 'uint8' | 'binary' | 'ubinary';

/** Packs signs into bytes, as Cohere's binary types do (8 dimensions per byte). */
function packBits(vector: readonly number[], signed: boolean): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < vector.length; i += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | ((vector[i + bit] ?? 0) > 0 ? 1 : 0);
    bytes.push(signed ? byte - 128 : byte);
  }
  return bytes;
}

export function quantize(vector: readonly number[], type: EmbeddingType): number[] {
  switch (type) {
    case 'float':
      return [...vector];
    case 'int8':
      return vector.map((value) => Math.round(value * 127));
    case 'uint8':
      return vector.map((value) => Math.round(value * 127) + 128);
    case 'binary':
      return packBits(vector, true);
    case 'ubinary':
      return packBits(vector, false);
  }
}
