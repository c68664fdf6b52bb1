import { countWords } from './answer';
import { deterministicId } from './deterministic';
import { type EmbeddingType, embeddingVector, quantize } from './embedding-vector';
import { validationError } from './errors';
import { asObject, requireArray, requireString } from './json';
import type { EmbeddingModelName } from './model-id';
import type { JsonObject } from './types';

export interface EmbeddingReply {
  readonly body: JsonObject;
  readonly inputTokens: number;
}

type EmbeddingModel = (body: JsonObject, requestId: string) => EmbeddingReply;

function oneOf<T>(value: unknown, allowed: readonly T[], fallback: T, field: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw validationError(
      `Malformed input request: #/${field}: ${String(value)} is not a valid enum value, please reformat your input and try again.`,
    );
  return value as T;
}

const COHERE_TYPES: readonly EmbeddingType[] = ['float', 'int8', 'uint8', 'binary', 'ubinary'];
const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'];

function cohereTexts(body: JsonObject): string[] {
  const texts = requireArray(body, 'texts');
  if (texts.length > 96)
    throw validationError(
      'Malformed input request: #/texts: expected maximum item count: 96, found: ' +
        texts.length +
        ', please reformat your input and try again.',
    );
  oneOf(requireString(body, 'input_type'), COHERE_INPUT_TYPES, 'search_document', 'input_type');
  return texts.map(String);
}

function cohereTypes(body: JsonObject): EmbeddingType[] | undefined {
  const types = body['embedding_types'];
  if (types === undefined) return undefined;
  return requireArray(body, 'embedding_types').map((type) => oneOf(type, COHERE_TYPES, 'float', 'embedding_types'));
}

function byType(texts: readonly string[], dimension: number, types: readonly EmbeddingType[]): JsonObject {
  const vectors = texts.map((text) => embeddingVector(text, dimension));
  return Object.fromEntries(types.map((type) => [type, vectors.map((vector) => quantize(vector, type))]));
}

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
const titanV1: EmbeddingModel = (body) => {
  const text = requireString(body, 'inputText');
  return { body: { embedding: embeddingVector(text, 1536), inputTextTokenCount: countWords(text) }, inputTokens: countWords(text) };
};

const titanV2: EmbeddingModel = (body) => {
  const text = requireString(body, 'inputText');
  const dimension = oneOf(body['dimensions'], [256, 512, 1024], 1024, 'dimensions');
  const normalize = body['normalize'] !== false;
  const embedding = embeddingVector(text, dimension, normalize);
  const types = body['embeddingTypes'] === undefined ? ['float'] : requireArray(body, 'embeddingTypes');
  const embeddingsByType = Object.fromEntries(
    types
      .map((type) => oneOf(type, ['float', 'binary'] as const, 'float', 'embeddingTypes'))
      .map((type) => [type, type === 'float' ? embedding : embedding.map((value) => (value > 0 ? 1 : 0))]),
  );
  const inputTextTokenCount = countWords(text);
  return { body: { embedding, inputTextTokenCount, embeddingsByType }, inputTokens: inputTextTokenCount };
};

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
const cohereV3: EmbeddingModel = (body, requestId) => {
  const texts = cohereTexts(body);
  const types = cohereTypes(body);
  const inputTokens = countWords(...texts);
  const id = deterministicId(requestId, 36);
  if (types === undefined) {
    const embeddings = texts.map((text) => embeddingVector(text, 1024));
    return { body: { id, texts, embeddings, response_type: 'embeddings_floats' }, inputTokens };
  }
  return { body: { id, texts, embeddings: byType(texts, 1024, types), response_type: 'embeddings_by_type' }, inputTokens };
};

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
const cohereV4: EmbeddingModel = (body, requestId) => {
  const texts = cohereTexts(body);
  const dimension = oneOf(body['output_dimension'], [256, 512, 1024, 1536], 1536, 'output_dimension');
  const embeddings = byType(texts, dimension, cohereTypes(body) ?? ['float']);
  const id = deterministicId(requestId, 36);
  return { body: { id, texts, embeddings, response_type: 'embeddings_by_type' }, inputTokens: countWords(...texts) };
};

// https://docs.aws.amazon.com/nova/latest/userguide/embeddings-schema.html
const novaMultimodal: EmbeddingModel = (body) => {
  oneOf(requireString(body, 'schemaVersion'), ['nova-multimodal-embed-v1'], 'nova-multimodal-embed-v1', 'schemaVersion');
  oneOf(requireString(body, 'taskType'), ['SINGLE_EMBEDDING'], 'SINGLE_EMBEDDING', 'taskType');
  const params = asObject(body['singleEmbeddingParams']);
  requireString(params, 'embeddingPurpose');
  const dimension = oneOf(params['embeddingDimension'], [256, 384, 1024, 3072], 3072, 'singleEmbeddingParams/embeddingDimension');
  const text = requireString(asObject(params['text']), 'value');
  return {
    body: { embeddings: [{ embeddingType: 'TEXT', embedding: embeddingVector(text, dimension) }] },
    inputTokens: countWords(text),
  };
};

export const EMBEDDING_MODELS: Readonly<Record<EmbeddingModelName, EmbeddingModel>> = {
  'titan-embed-text-v1': titanV1,
  'titan-embed-text-v2': titanV2,
  'cohere-embed-v3': cohereV3,
  'cohere-embed-v4': cohereV4,
  'nova-multimodal-embeddings': novaMultimodal,
};
