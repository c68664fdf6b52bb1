import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import { buildOpenApiDocument } from '../../lambda/docs/openapi';
import * as shapes from '../../lambda/schemas/responses';
import { version } from '../../package.json';
import { allNdjson, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// Real responses from the running proxy, held against the zod schemas /openapi.json is built from.
const proxy = useLocalProxy({ MODEL_ALIASES: 'gpt-4o=amazon.nova-lite-v1:0' });
const document = buildOpenApiDocument(version);
const model = 'anthropic.claude-3-haiku-20240307-v1:0';
const claudePayload = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'shapes' }] };
const messages = [{ role: 'user', content: 'shapes' }];
const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

function expectShape(schema: z.ZodMiniType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.error?.issues ?? [], JSON.stringify(value).slice(0, 400)).toEqual([]);
}

/** The status is one the document lists for this operation, and the body has the documented shape. */
async function expectDocumented(response: Response, path: string, method: 'get' | 'post', schema: z.ZodMiniType): Promise<void> {
  const operation = document.paths[path]?.[method];
  expect(Object.keys(operation?.responses ?? {})).toContain(String(response.status));
  expectShape(schema, await response.json());
}

async function sseEvents(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice('data: '.length)) as unknown);
}

describe('JSON responses match their documented schemas', () => {
  it('GET /health', async () => {
    await expectDocumented(await fetch(`${proxy.url}/health`), '/health', 'get', shapes.HealthResponse);
  });

  it.each([
    ['raw payload', { model, payload: claudePayload }, shapes.ChatAnswer],
    ['messages', { model, messages }, shapes.ChatAnswer],
    ['embed one text', { mode: 'embed', text: 'one' }, shapes.EmbedOne],
    ['embed many texts', { mode: 'embed', text: ['one', 'two'], model: 'cohere.embed-english-v3' }, shapes.EmbedMany],
  ] as const)('POST /chat, %s', async (_name, body, schema) => {
    await expectDocumented(await postJson(`${proxy.url}/chat`, body), '/chat', 'post', schema);
  });

  it.each([
    ['text', { model, messages }],
    ['a tool call', { model, messages, tools: [weatherTool], tool_choice: 'required' }],
    ['reasoning', { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', messages, reasoning_effort: 'low' }],
  ])('POST /v1/chat/completions, %s', async (_name, body) => {
    const response = await postJson(`${proxy.url}/v1/chat/completions`, body);
    await expectDocumented(response, '/v1/chat/completions', 'post', shapes.ChatCompletion);
  });

  it.each(['float', 'base64'])('POST /v1/embeddings, %s', async (encoding_format) => {
    const response = await postJson(`${proxy.url}/v1/embeddings`, { input: ['a', 'b'], encoding_format });
    await expectDocumented(response, '/v1/embeddings', 'post', shapes.EmbeddingsResponse);
  });

  it('GET /v1/models and /v1/models/{id}', async () => {
    await expectDocumented(await fetch(`${proxy.url}/v1/models`), '/v1/models', 'get', shapes.ModelList);
    await expectDocumented(await fetch(`${proxy.url}/v1/models/gpt-4o`), '/v1/models/{id}', 'get', shapes.Model);
  });
});

describe('errors match ErrorBody and a documented status', () => {
  it.each([
    ['a schema violation', '/chat', { messages: [] }, undefined],
    ['throttling', '/v1/chat/completions', { model, messages }, 'ThrottlingException'],
    ['access denied', '/v1/embeddings', { input: 'x' }, 'AccessDeniedException'],
    ['a Bedrock failure', '/chat', { model, payload: claudePayload }, 'InternalServerException'],
    ['unavailable', '/chat', { model, messages }, 'ServiceUnavailableException'],
    ['a model timeout', '/chat', { model, messages }, 'ModelTimeoutException'],
  ] as const)('%s on %s', async (_name, path, body, fault) => {
    if (fault) proxy.emulator.fault({ error: fault });
    await expectDocumented(await postJson(`${proxy.url}${path}`, body), path, 'post', shapes.ErrorBody);
  });

  it('an unknown model id', async () => {
    await expectDocumented(await fetch(`${proxy.url}/v1/models/nope`), '/v1/models/{id}', 'get', shapes.ErrorBody);
  });
});

describe('streams match their item schemas', () => {
  it.each([
    ['raw payload', { model, payload: claudePayload, stream: true }],
    ['messages', { model, messages, stream: true }],
  ])('/chat NDJSON, %s: every line is an NdjsonLine', async (_name, body) => {
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, body));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expectShape(shapes.NdjsonLine, line);
  });

  it('/chat NDJSON failing mid-stream: the error line is an NdjsonLine too', async () => {
    proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 1 });
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, { model, messages, stream: true }));
    expect(lines.at(-1)).toHaveProperty('error');
    for (const line of lines) expectShape(shapes.NdjsonLine, line);
  });

  it.each([
    ['text with usage', { model, messages, stream: true, stream_options: { include_usage: true } }],
    ['a tool call', { model, messages, stream: true, tools: [weatherTool], tool_choice: 'required' }],
    ['reasoning', { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', messages, stream: true, reasoning_effort: 'low' }],
  ])('/v1/chat/completions SSE, %s: every event is an SseEvent', async (_name, body) => {
    const events = await sseEvents(await postJson(`${proxy.url}/v1/chat/completions`, body));
    expect(events.length).toBeGreaterThan(2);
    for (const event of events) expectShape(shapes.ChatCompletionChunk, event);
  });

  it('/v1/chat/completions SSE failing mid-stream: the error event is an SseEvent', async () => {
    proxy.emulator.fault({ midStream: 'modelStreamErrorException', afterChunks: 1 });
    const events = await sseEvents(await postJson(`${proxy.url}/v1/chat/completions`, { model, messages, stream: true }));
    expectShape(shapes.ErrorBody, events.at(-1));
    for (const event of events) expectShape(shapes.SseEvent, event);
  });
});
