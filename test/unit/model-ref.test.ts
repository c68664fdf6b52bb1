import { describe, expect, it } from 'vitest';
import { embedFamily } from '../../lambda/models/embed-families';
import { baseModelId } from '../../lambda/models/model-ref';
import { textFamily } from '../../lambda/models/text-families';

describe('baseModelId', () => {
  it.each([
    ['anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
    ['eu.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0'],
    ['apac.meta.llama3-2-90b-instruct-v1:0', 'meta.llama3-2-90b-instruct-v1:0'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1', 'amazon.titan-text-express-v1'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.deepseek.r1-v1:0', 'deepseek.r1-v1:0'],
    ['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3', 'a1b2c3'],
  ])('%s → %s', (model, base) => {
    expect(baseModelId(model)).toBe(base);
  });
});

describe('family detection', () => {
  it.each([
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic'],
    ['amazon.nova-pro-v1:0', 'amazon-nova'],
    ['amazon.titan-text-express-v1', 'amazon-titan-text'],
    ['meta.llama3-1-8b-instruct-v1:0', 'meta-llama'],
    ['mistral.mistral-large-2407-v1:0', 'mistral'],
    ['cohere.command-r-plus-v1:0', 'cohere-command'],
    ['us.deepseek.r1-v1:0', 'deepseek'],
    ['openai.gpt-oss-120b-1:0', 'openai'],
    ['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3', 'generic'],
  ])('text: %s → %s', (model, family) => {
    expect(textFamily(model).name).toBe(family);
  });

  it.each([
    ['amazon.titan-embed-text-v1', 'amazon-titan-embed-text-v1'],
    ['amazon.titan-embed-text-v2:0', 'amazon-titan-embed-text-v2'],
    ['cohere.embed-english-v3', 'cohere-embed-v3'],
    ['cohere.embed-multilingual-v3', 'cohere-embed-v3'],
    ['us.cohere.embed-v4:0', 'cohere-embed-v4'],
    ['amazon.nova-2-multimodal-embeddings-v1:0', 'amazon-nova-multimodal-embeddings'],
  ])('embed: %s → %s', (model, family) => {
    expect(embedFamily(model).name).toBe(family);
  });

  it('refuses a chat model as an embedding model with a 400 naming the field', () => {
    expect(() => embedFamily('anthropic.claude-3-haiku-20240307-v1:0')).toThrow(
      expect.objectContaining({ statusCode: 400, details: expect.objectContaining({ param: 'model' }) }),
    );
  });
});
