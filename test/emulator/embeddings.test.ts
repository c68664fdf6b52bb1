import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, embeddingVector, startEmulator } from '../../local/emulator/index';
import { EMBEDDING_CASES } from './embedding-cases';
import { bedrockClient, invokeJson } from './helpers';

const norm = (vector: readonly number[]): number => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe('embeddings', () => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url, 'h1');
  });

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  describe.each(EMBEDDING_CASES)('$fixture', (model) => {
    it('returns deterministic unit vectors of the requested dimension', async () => {
      const first = model.vectors(await invokeJson(client, model.modelId, model.body('the quick brown fox')));
      const again = model.vectors(await invokeJson(client, model.modelId, model.body('the quick brown fox')));
      const other = model.vectors(await invokeJson(client, model.modelId, model.body('something else')));

      expect(first.length).toBeGreaterThan(0);
      for (const vector of first) {
        expect(vector).toHaveLength(model.dimension);
        expect(norm(vector)).toBeCloseTo(1, 6);
        expect(vector).toEqual(embeddingVector('the quick brown fox', model.dimension));
      }
      expect(again).toEqual(first);
      expect(other[0]).not.toEqual(first[0]);
    });
  });

  it('Titan V1 returns 1536 values and the input token count', async () => {
    const response = await invokeJson(client, 'amazon.titan-embed-text-v1', { inputText: 'four words right here' });

    expect(response.embedding).toHaveLength(1536);
    expect(response.inputTextTokenCount).toBe(4);
  });

  it('Titan V2 defaults to 1024 normalized dimensions and honours normalize: false', async () => {
    const defaults = await invokeJson(client, 'amazon.titan-embed-text-v2:0', { inputText: 'hello' });
    const raw = await invokeJson(client, 'amazon.titan-embed-text-v2:0', { inputText: 'hello', dimensions: 256, normalize: false });

    expect(defaults.embedding).toHaveLength(1024);
    expect(defaults.embeddingsByType.float).toEqual(defaults.embedding);
    expect(raw.embedding).toHaveLength(256);
    expect(norm(raw.embedding)).not.toBeCloseTo(1, 3);
  });

  it('Cohere v3 embeds every text and quantizes by type', async () => {
    const texts = ['alpha', 'beta', 'gamma'];
    const floats = await invokeJson(client, 'cohere.embed-english-v3', { texts, input_type: 'search_document' });
    const typed = await invokeJson(client, 'cohere.embed-english-v3', {
      texts,
      input_type: 'search_document',
      embedding_types: ['int8', 'ubinary'],
    });

    expect(floats.texts).toEqual(texts);
    expect(floats.embeddings).toHaveLength(3);
    expect(floats.response_type).toBe('embeddings_floats');
    expect(Object.keys(typed.embeddings).sort()).toEqual(['int8', 'ubinary']);
    expect(typed.embeddings.int8[0]).toHaveLength(1024);
    expect(typed.embeddings.ubinary[0]).toHaveLength(128);
    expect(typed.embeddings.int8[0].every((value: number) => Number.isInteger(value) && value >= -127 && value <= 127)).toBe(true);
  });

  it('Cohere v4 defaults to 1536 float dimensions', async () => {
    const response = await invokeJson(client, 'cohere.embed-v4:0', { texts: ['hi'], input_type: 'classification' });

    expect(response.embeddings.float[0]).toHaveLength(1536);
    expect(response.response_type).toBe('embeddings_by_type');
  });

  it('Nova multimodal embeddings reject an unsupported dimension', async () => {
    const body = {
      schemaVersion: 'nova-multimodal-embed-v1',
      taskType: 'SINGLE_EMBEDDING',
      singleEmbeddingParams: { embeddingPurpose: 'GENERIC_INDEX', embeddingDimension: 512, text: { truncationMode: 'END', value: 'x' } },
    };

    await expect(invokeJson(client, 'amazon.nova-2-multimodal-embeddings-v1:0', body)).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
