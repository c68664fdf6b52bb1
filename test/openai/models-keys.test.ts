import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';
import { openAIClient } from './client';

const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
// No ALLOWED_MODELS, and the defaults left as they are: Claude 3 Sonnet, Titan Text Embeddings v2.
const sonnet = 'anthropic.claude-3-sonnet-20240229-v1:0';
const titan = 'amazon.titan-embed-text-v2:0';
useSecretKeys({
  everything: 'sk-everything',
  haiku: { key: 'sk-haiku', models: [haiku] },
  aliased: { key: 'sk-aliased', models: ['fast'] },
});

const proxy = useLocalProxy({
  AUTH_MODE: 'api-key',
  API_KEYS_SECRET_ARN: SECRET_ARN,
  MODEL_ALIASES: 'fast=amazon.nova-micro-v1:0',
});
const client = (key: string) => openAIClient(proxy.url, key);
const messages = [{ role: 'user' as const, content: 'hi' }];

async function listedIds(key: string): Promise<string[]> {
  const ids = [];
  for await (const model of client(key).models.list()) ids.push(model.id);
  return ids;
}

describe('GET /v1/models with API keys that carry their own model lists', () => {
  it("a key without a list sees the deployment's defaults and aliases", async () => {
    expect(await listedIds('sk-everything')).toEqual([sonnet, titan, 'fast']);
  });

  it('a key limited to Claude 3 Haiku sees Haiku, which only its list names, and not the defaults it may not use', async () => {
    expect(await listedIds('sk-haiku')).toEqual([haiku]);
  });

  it('a key that names an alias sees the alias, not the model it stands for (which the key may not name)', async () => {
    expect(await listedIds('sk-aliased')).toEqual(['fast']);
  });

  it('retrieves a model or alias the key may use, and answers 404 for the defaults it may not', async () => {
    expect(await client('sk-haiku').models.retrieve(haiku)).toMatchObject({ id: haiku, object: 'model', owned_by: 'anthropic' });
    expect(await client('sk-aliased').models.retrieve('fast')).toMatchObject({ id: 'fast', object: 'model', owned_by: 'amazon' });
    await expect(client('sk-haiku').models.retrieve(sonnet)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client('sk-haiku').models.retrieve(titan)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('agrees with chat: the listed model answers, an unlisted default is refused with 403', async () => {
    const completion = await client('sk-haiku').chat.completions.create({ model: haiku, messages });
    expect(completion.model).toBe(haiku);
    await expect(client('sk-haiku').chat.completions.create({ model: sonnet, messages })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });
});
