import type { Json } from './helpers';

export interface EmbeddingCase {
  readonly fixture: string;
  readonly modelId: string;
  body(text: string): Json;
  vectors(response: Json): number[][];
  readonly dimension: number;
}

export const EMBEDDING_CASES: readonly EmbeddingCase[] = [
  {
    fixture: 'titan-embed-text-v1',
    modelId: 'amazon.titan-embed-text-v1',
    body: (text) => ({ inputText: text }),
    vectors: (r) => [r.embedding],
    dimension: 1536,
  },
  {
    fixture: 'titan-embed-text-v2',
    modelId: 'amazon.titan-embed-text-v2:0',
    body: (text) => ({ inputText: text, dimensions: 512, normalize: true }),
    vectors: (r) => [r.embedding, r.embeddingsByType.float],
    dimension: 512,
  },
  {
    fixture: 'cohere-embed-v3',
    modelId: 'cohere.embed-english-v3',
    body: (text) => ({ texts: [text], input_type: 'search_document' }),
    vectors: (r) => r.embeddings,
    dimension: 1024,
  },
  {
    fixture: 'cohere-embed-v3-by-type',
    modelId: 'cohere.embed-multilingual-v3',
    body: (text) => ({ texts: [text], input_type: 'search_query', embedding_types: ['float', 'int8'] }),
    vectors: (r) => r.embeddings.float,
    dimension: 1024,
  },
  {
    fixture: 'cohere-embed-v4',
    modelId: 'us.cohere.embed-v4:0',
    body: (text) => ({ texts: [text], input_type: 'search_document', output_dimension: 256 }),
    vectors: (r) => r.embeddings.float,
    dimension: 256,
  },
  {
    fixture: 'nova-multimodal-embeddings',
    modelId: 'amazon.nova-2-multimodal-embeddings-v1:0',
    body: (text) => ({
      schemaVersion: 'nova-multimodal-embed-v1',
      taskType: 'SINGLE_EMBEDDING',
      singleEmbeddingParams: { embeddingPurpose: 'GENERIC_INDEX', embeddingDimension: 384, text: { truncationMode: 'END', value: text } },
    }),
    vectors: (r) => r.embeddings.map((e: Json) => e.embedding),
    dimension: 384,
  },
];
