import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config';
import { errorResponse, type FunctionUrlEvent } from '../../lambda/http';
import { openAIModelRoute, openAIModelsRoute } from '../../lambda/routes/openai-models';
import type { RequestScope } from '../../lambda/scope';
import { useLocalProxy } from '../support/proxy';
import { openAIClient } from './client';

const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
const proxy = useLocalProxy({
  BEDROCK_MODEL_ID: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  BEDROCK_EMBED_MODEL_ID: 'cohere.embed-english-v3',
  ALLOWED_MODELS: `amazon.nova-lite-v1:0,${profileArn}`,
  // `llama` stands for a model outside ALLOWED_MODELS: chat refuses it, so the list must not offer it.
  MODEL_ALIASES: 'gpt-4o=amazon.nova-lite-v1:0,llama=meta.llama3-1-8b-instruct-v1:0',
});
const client = () => openAIClient(proxy.url);

describe('GET /v1/models with the openai SDK', () => {
  it('lists what this deployment offers, with the vendor as owner, without calling Bedrock', async () => {
    proxy.emulator.reset();
    const models = [];
    for await (const model of client().models.list()) models.push(model);
    expect(models).toEqual([
      { id: 'amazon.nova-lite-v1:0', object: 'model', created: 0, owned_by: 'amazon' },
      { id: profileArn, object: 'model', created: 0, owned_by: 'anthropic' },
      { id: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', object: 'model', created: 0, owned_by: 'anthropic' },
      { id: 'cohere.embed-english-v3', object: 'model', created: 0, owned_by: 'cohere' },
      { id: 'gpt-4o', object: 'model', created: 0, owned_by: 'amazon' },
    ]);
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it.each(['amazon.nova-lite-v1:0', profileArn, 'gpt-4o'])('retrieves %s', async (id) => {
    expect(await client().models.retrieve(id)).toMatchObject({ id, object: 'model' });
  });

  it('an unknown id → NotFoundError', async () => {
    await expect(client().models.retrieve('anthropic.claude-v2')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('an alias whose model is outside ALLOWED_MODELS is neither listed nor retrievable, as chat refuses it', async () => {
    const ids = [];
    for await (const model of client().models.list()) ids.push(model.id);
    expect(ids).not.toContain('llama');
    await expect(client().models.retrieve('llama')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client().chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });

  it('an alias is usable as the model of a chat completion', async () => {
    proxy.emulator.reset();
    const completion = await client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.model).toBe('amazon.nova-lite-v1:0');
    expect(proxy.emulator.requests.at(-1)?.modelId).toBe('amazon.nova-lite-v1:0');
  });

  it('an inference-profile ARN is passed to Bedrock as it is', async () => {
    proxy.emulator.reset();
    await client().chat.completions.create({ model: profileArn, messages: [{ role: 'user', content: 'hi' }] });
    expect(proxy.emulator.requests.at(-1)?.modelId).toBe(profileArn);
  });
});

describe('GET /v1/models with an allow-list that names an Object.prototype member', () => {
  // This file's proxy is started once with the configuration above, so this case runs the route
  // with its own configuration, rendering a failure as the chain's renderErrors would.
  it('ALLOWED_MODELS=amazon.nova-micro-v1:0,constructor lists both (200), not a 500', async () => {
    // Prepare
    const config = loadConfig({ ALLOWED_MODELS: 'amazon.nova-micro-v1:0,constructor' });
    const route = openAIModelsRoute(config);
    const event = { rawPath: '/v1/models', requestContext: { http: { method: 'GET' } } } as FunctionUrlEvent;
    const scope = { caller: undefined } as RequestScope;

    // Act
    const response = await route.run({ event, body: undefined, scope }).catch(errorResponse);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string).data).toEqual([
      { id: 'amazon.nova-micro-v1:0', object: 'model', created: 0, owned_by: 'amazon' },
      { id: 'constructor', object: 'model', created: 0, owned_by: 'bedrock' },
      { id: config.defaultModel, object: 'model', created: 0, owned_by: 'anthropic' },
      { id: config.defaultEmbedModel, object: 'model', created: 0, owned_by: 'amazon' },
    ]);
  });
});

describe('GET /v1/models with no ALLOWED_MODELS', () => {
  const run = (path: string) => {
    const config = loadConfig({});
    const event = { rawPath: path, requestContext: { http: { method: 'GET' } } } as FunctionUrlEvent;
    const route = path === '/v1/models' ? openAIModelsRoute(config) : openAIModelRoute(config);
    return route.run({ event, body: undefined, scope: { caller: undefined } as RequestScope }).catch(errorResponse);
  };

  it('lists the defaults only; another id, usable in chat, is a 404 here (README: "not listed")', async () => {
    const config = loadConfig({});
    const list = await run('/v1/models');
    expect(JSON.parse(list.body as string).data.map((model: { id: string }) => model.id)).toEqual([
      config.defaultModel,
      config.defaultEmbedModel,
    ]);
    expect((await run(`/v1/models/${config.defaultModel}`)).statusCode).toBe(200);
    expect((await run('/v1/models/amazon.nova-lite-v1:0')).statusCode).toBe(404);
  });
});
