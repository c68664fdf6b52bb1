import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embedFamily } from '../../lambda/models/embed-families';

const FIXTURES = 'test/fixtures/bedrock';
const body = (name: string) => JSON.parse(readFileSync(`${FIXTURES}/${name}.embed.json`, 'utf8')) as Record<string, unknown>;

/** The float vector every recorded body carries (the README: vectors shortened to 4 numbers). */
const VECTOR = [0.0123, -0.0456, 0.0789, -0.0012];

/**
 * Each recorded InvokeModel body (test/fixtures/bedrock/README.md), a model id that selects its
 * family, and what the reader must find: one text in, one vector out; only Titan reports tokens.
 */
const CASES = [
  { fixture: 'titan-embed-text-v1', model: 'amazon.titan-embed-text-v1', family: 'amazon-titan-embed-text-v1', inputTokens: 6 },
  { fixture: 'titan-embed-text-v2', model: 'amazon.titan-embed-text-v2:0', family: 'amazon-titan-embed-text-v2', inputTokens: 6 },
  { fixture: 'cohere-embed-v3', model: 'cohere.embed-english-v3', family: 'cohere-embed-v3', inputTokens: undefined },
  // With embedding_types the body also carries int8 vectors; the reader takes the float ones.
  { fixture: 'cohere-embed-v3-by-type', model: 'cohere.embed-multilingual-v3', family: 'cohere-embed-v3', inputTokens: undefined },
  { fixture: 'cohere-embed-v4', model: 'cohere.embed-v4:0', family: 'cohere-embed-v4', inputTokens: undefined },
  {
    fixture: 'nova-multimodal-embeddings',
    model: 'amazon.nova-2-multimodal-embeddings-v1:0',
    family: 'amazon-nova-multimodal-embeddings',
    inputTokens: undefined,
  },
] as const;

describe('embedFamily(model).response: a recorded InvokeModel body, per family', () => {
  it.each(CASES)('$fixture', ({ fixture, model, family, inputTokens }) => {
    // Prepare
    const recorded = body(fixture);
    const reader = embedFamily(model);

    // Act
    const reading = reader.response(recorded);

    // Assess
    expect(reader.name).toBe(family);
    expect(reading.vectors).toHaveLength(1);
    for (const vector of reading.vectors) expect(vector).toHaveLength(VECTOR.length);
    expect(reading.vectors[0]).toEqual(VECTOR);
    expect(reading.inputTokens).toBe(inputTokens);
  });

  it('covers every recorded .embed.json fixture', () => {
    // Prepare
    const covered = CASES.map((c) => `${c.fixture}.embed.json`).sort();

    // Act
    const recorded = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.embed.json'))
      .sort();

    // Assess
    expect(covered).toEqual(recorded);
  });
});
