import { BadRequestError } from '../errors';
import { baseModelId } from './model-ref';
import { tokenCount } from './text-families';

export type InputType = 'search_document' | 'search_query' | 'classification' | 'clustering';

export interface EmbedOptions {
  readonly dimensions?: number;
  readonly normalize?: boolean;
  readonly inputType?: InputType;
}

/** One InvokeModel call's worth of texts and the body that carries them. */
export interface EmbedCall {
  readonly texts: readonly string[];
  readonly body: Record<string, unknown>;
}

export interface EmbedReading {
  readonly vectors: number[][];
  readonly inputTokens?: number;
}

interface EmbedFamily {
  readonly name: string;
  /** How error messages name it. */
  readonly title: string;
  /** The vector sizes the caller may choose (`dimensions`), as Bedrock takes them; none: a fixed size. */
  readonly sizes?: readonly number[];
  readonly matches: (baseId: string) => boolean;
  /** Most texts one InvokeModel call takes. */
  readonly batchSize: number;
  /** Whether Bedrock normalises itself; otherwise `normalize: true` is applied by the proxy. */
  readonly nativeNormalize: boolean;
  readonly request: (texts: readonly string[], options: EmbedOptions) => Record<string, unknown>;
  readonly response: (body: Record<string, unknown>) => EmbedReading;
}

const vectorsOf = (value: unknown): number[][] => (Array.isArray(value) ? value.filter((row): row is number[] => Array.isArray(row)) : []);

const titanV1: EmbedFamily = {
  name: 'amazon-titan-embed-text-v1',
  title: 'Titan Text Embeddings v1',
  matches: (id) => id.startsWith('amazon.titan-embed-text-v1') || id.startsWith('amazon.titan-embed-g1-text'),
  batchSize: 1,
  nativeNormalize: false,
  request: ([text]) => ({ inputText: text }),
  response: (body) => ({ vectors: [body.embedding as number[]], inputTokens: tokenCount(body.inputTextTokenCount) }),
};

const titanV2: EmbedFamily = {
  name: 'amazon-titan-embed-text-v2',
  title: 'Titan Text Embeddings v2',
  sizes: [256, 512, 1024],
  matches: (id) => id.startsWith('amazon.titan-embed-text-v2'),
  batchSize: 1,
  nativeNormalize: true,
  request: ([text], options) => ({
    inputText: text,
    ...(options.dimensions !== undefined && { dimensions: options.dimensions }),
    ...(options.normalize !== undefined && { normalize: options.normalize }),
  }),
  response: titanV1.response,
};

/** Cohere Embed v3: up to 96 texts a call; `input_type` is required by Bedrock. */
const cohereV3: EmbedFamily = {
  name: 'cohere-embed-v3',
  title: 'Cohere Embed v3',
  matches: (id) => /^cohere\.embed-(english|multilingual)-v3/.test(id),
  batchSize: 96,
  nativeNormalize: false,
  request: (texts, options) => ({ texts, input_type: options.inputType ?? 'search_document', embedding_types: ['float'] }),
  response: (body) => {
    const embeddings = body.embeddings;
    const byType = typeof embeddings === 'object' && embeddings !== null && !Array.isArray(embeddings);
    return { vectors: vectorsOf(byType ? (embeddings as Record<string, unknown>).float : embeddings) };
  },
};

const cohereV4: EmbedFamily = {
  name: 'cohere-embed-v4',
  title: 'Cohere Embed v4',
  sizes: [256, 512, 1024, 1536],
  matches: (id) => id.startsWith('cohere.embed-v4'),
  batchSize: 96,
  nativeNormalize: false,
  request: (texts, options) => ({
    texts,
    input_type: options.inputType ?? 'search_document',
    embedding_types: ['float'],
    ...(options.dimensions !== undefined && { output_dimension: options.dimensions }),
  }),
  response: cohereV3.response,
};

const NOVA_PURPOSE: Record<InputType, string> = {
  search_document: 'GENERIC_INDEX',
  search_query: 'TEXT_RETRIEVAL',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
};

/** Amazon Nova multimodal embeddings, synchronous single-embedding text requests. */
const novaEmbed: EmbedFamily = {
  name: 'amazon-nova-multimodal-embeddings',
  title: 'Nova multimodal embeddings',
  sizes: [256, 384, 1024, 3072],
  matches: (id) => id.startsWith('amazon.nova-2-multimodal-embeddings'),
  batchSize: 1,
  nativeNormalize: false,
  request: ([text], options) => ({
    schemaVersion: 'nova-multimodal-embed-v1',
    taskType: 'SINGLE_EMBEDDING',
    singleEmbeddingParams: {
      embeddingPurpose: NOVA_PURPOSE[options.inputType ?? 'search_document'],
      embeddingDimension: options.dimensions ?? 3072,
      text: { truncationMode: 'END', value: text },
    },
  }),
  response: (body) => ({
    vectors: (Array.isArray(body.embeddings) ? body.embeddings : []).map((entry) => (entry as { embedding: number[] }).embedding),
  }),
};

const FAMILIES: readonly EmbedFamily[] = [titanV1, titanV2, cohereV3, cohereV4, novaEmbed];

export function embedFamily(model: string): EmbedFamily {
  const family = FAMILIES.find((candidate) => candidate.matches(baseModelId(model)));
  if (!family) {
    throw new BadRequestError(
      `"${model}" is not a supported embedding model. Use Titan Text Embeddings v1/v2, Cohere Embed v3/v4 or Nova multimodal embeddings.`,
      { param: 'model', code: 'unsupported_model' },
    );
  }
  return family;
}

/** Splits texts into the calls the family needs, keeping order. */
export function embedCalls(family: EmbedFamily, texts: readonly string[], options: EmbedOptions): EmbedCall[] {
  const { dimensions } = options;
  if (dimensions !== undefined && !family.sizes?.includes(dimensions)) {
    // Checked here rather than left to Bedrock: no call is made, and the error names the field.
    const message = family.sizes
      ? `${family.title} takes "dimensions" ${family.sizes.join(', ')}; ${dimensions} is not one of them.`
      : `${family.title} has a fixed size; "dimensions" is not supported.`;
    throw new BadRequestError(message, { param: 'dimensions', code: 'invalid_value' });
  }
  const calls: EmbedCall[] = [];
  for (let start = 0; start < texts.length; start += family.batchSize) {
    const batch = texts.slice(start, start + family.batchSize);
    calls.push({ texts: batch, body: family.request(batch, options) });
  }
  return calls;
}

/**
 * The vector scaled to length 1. It is scaled by its largest component first, so squaring neither
 * overflows (1e200) nor underflows (1e-200) to a norm of Infinity or 0.
 */
export function normalizeVector(vector: number[]): number[] {
  const largest = vector.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  if (largest === 0) return vector;
  const scaled = vector.map((x) => x / largest);
  const norm = Math.sqrt(scaled.reduce((sum, x) => sum + x * x, 0));
  return scaled.map((x) => x / norm);
}
