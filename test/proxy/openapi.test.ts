import vm from 'node:vm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../lambda/bedrock-client';
import { loadConfig } from '../../lambda/config';
import { buildOpenApiDocument } from '../../lambda/docs/openapi';
import type { OperationDoc, ResponseDoc } from '../../lambda/docs/paths';
import { EmbeddingCache } from '../../lambda/embed/cache';
import { CONTENT_SECURITY_POLICY } from '../../lambda/playground/asset';
import { PLAYGROUND_SCRIPT } from '../../lambda/playground/script';
import { allRoutes } from '../../lambda/routes';
import { LIMITS } from '../../lambda/schemas/limits';
import { version } from '../../package.json';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ API_KEYS: 'docs-key' });
const document = buildOpenApiDocument(version);
/** A model /v1/models/{id} offers: the default one. */
const offered = (path: string): string => path.replace('{id}', loadConfig({}).defaultModel);

/** The handler's route table, built as the handler builds it (no network: the client only exists). */
function routeTable() {
  const config = loadConfig({});
  const deps = { client: createBedrockClient(config), config, embedCache: new EmbeddingCache(0) };
  return allRoutes(deps, new Logger({ logLevel: 'SILENT' })).map((route) => ({
    key: `${route.method} ${route.path.replace(/\/\*$/, '/{id}')}`,
    public: route.public === true,
  }));
}

const routeKeys = (): string[] => routeTable().map((route) => route.key);

const documentedKeys = (): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]: [string, OperationDoc]) => ({ at: `${method.toUpperCase()} ${path}`, operation })),
  );

const needsKey = (operation: OperationDoc): boolean => operation.security?.length !== 0;

/** An operation's response for `status`, its component's content when it is a $ref. */
function responseOf(operation: OperationDoc, status: number): ResponseDoc | undefined {
  const response = operation.responses[status];
  if (!response || !('$ref' in response)) return response;
  const components: Readonly<Record<string, ResponseDoc>> = document.components.responses;
  return components[response.$ref.replace('#/components/responses/', '')];
}

/** Every response object in the document: each operation's own, and each response component. */
const allResponses = (): [string, ResponseDoc][] => [
  ...operations().flatMap(({ at, operation }) =>
    Object.entries(operation.responses).flatMap(([status, response]): [string, ResponseDoc][] =>
      '$ref' in response ? [] : [[`${at} ${status}`, response]],
    ),
  ),
  ...Object.entries(document.components.responses),
];

/** The first schema under `value` that `matches`. */
function findSchema(value: unknown, matches: (schema: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && matches(value as Record<string, unknown>)) return value as Record<string, unknown>;
  for (const inner of Object.values(value)) {
    const found = findSchema(inner, matches);
    if (found) return found;
  }
  return undefined;
}

const BEDROCK_PATHS = ['/chat', '/v1/chat/completions', '/v1/embeddings'];

const ERROR_BODY = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner)));
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route the handler serves, and nothing it does not', () => {
    expect(documentedKeys().sort()).toEqual(routeKeys().sort());
  });

  it('every $ref points at a component that exists', () => {
    for (const ref of new Set(refsIn(document))) {
      const [, section, name] = ref.match(/^#\/components\/(schemas|responses|headers)\/(.+)$/) ?? [];
      expect(section && name && (document.components as Record<string, Record<string, unknown>>)[section]?.[name], ref).toBeTruthy();
    }
  });

  it('takes request shapes from the zod schemas that validate requests', () => {
    const { MessagesChatRequest, EmbedRequest, ChatCompletionRequest } = document.components.schemas;
    expect(MessagesChatRequest).toMatchObject({ required: ['messages'], properties: { messages: { maxItems: LIMITS.messages } } });
    expect(EmbedRequest).toMatchObject({ properties: { text: { anyOf: [{ maxLength: LIMITS.embedTextChars }, expect.anything()] } } });
    expect(ChatCompletionRequest).toMatchObject({ properties: { reasoning_effort: expect.anything(), stream_options: expect.anything() } });
  });

  it('an operation needs no key exactly when its route is public', () => {
    const publicRoutes = routeTable()
      .filter((route) => route.public)
      .map((route) => route.key);
    const publicOperations = operations()
      .filter(({ operation }) => !needsKey(operation))
      .map(({ at }) => at);
    expect(publicOperations.sort()).toEqual(publicRoutes.sort());
  });

  it('every operation that takes a key documents what reading the keys can answer: 401, 500 keys_malformed, 503 keys_unavailable', () => {
    const keyed = operations().filter(({ operation }) => needsKey(operation));
    expect(keyed.length).toBeGreaterThanOrEqual(5);
    for (const { at, operation } of keyed) {
      expect(responseOf(operation, 401), at).toMatchObject({
        description: expect.stringContaining('authentication_error'),
        content: ERROR_BODY,
      });
      expect(responseOf(operation, 500), at).toMatchObject({
        description: expect.stringMatching(/api_error.*keys_malformed/),
        content: ERROR_BODY,
      });
      expect(responseOf(operation, 503), at).toMatchObject({
        description: expect.stringMatching(/service_unavailable_error.*keys_unavailable/),
        headers: { 'Retry-After': expect.anything() },
        content: ERROR_BODY,
      });
    }
  });

  it('a public operation documents none of the key failures', () => {
    for (const { at, operation } of operations().filter(({ operation }) => !needsKey(operation))) {
      expect(
        Object.keys(operation.responses).filter((status) => ['401', '500', '503'].includes(status)),
        at,
      ).toEqual([]);
    }
  });

  it('a 503 on a route that calls Bedrock names both causes: Bedrock, and the keys', () => {
    for (const path of BEDROCK_PATHS) {
      const operation = document.paths[path]?.post;
      expect(operation && responseOf(operation, 503), path).toMatchObject({
        description: expect.stringMatching(/ServiceUnavailableException.*keys_unavailable/),
      });
    }
    for (const path of ['/v1/models', '/v1/models/{id}']) {
      const operation = document.paths[path]?.get;
      expect(operation && responseOf(operation, 503)?.description, path).not.toMatch(/Bedrock/);
    }
  });

  it('every operation references the 405 with Allow', () => {
    const { MethodNotAllowed } = document.components.responses;
    expect(MethodNotAllowed).toMatchObject({ headers: { Allow: expect.anything() }, content: ERROR_BODY });
    for (const { at, operation } of operations()) {
      expect(operation.responses[405], at).toEqual({ $ref: '#/components/responses/MethodNotAllowed' });
    }
  });

  it("words each 404 for its operation: Bedrock's on the Bedrock routes, where an unknown model is a 400", () => {
    for (const { at, operation } of operations()) {
      expect(responseOf(operation, 404)?.description ?? '', at).not.toMatch(/unknown path/);
    }
    for (const path of BEDROCK_PATHS) {
      const operation = document.paths[path]?.post;
      expect(operation && responseOf(operation, 404), path).toMatchObject({
        description: expect.stringMatching(/^not_found_error: Bedrock's ResourceNotFoundException/),
      });
      expect(operation && responseOf(operation, 400), path).toMatchObject({ description: expect.stringMatching(/unknown model/) });
    }
    const retrieve = document.paths['/v1/models/{id}']?.get;
    expect(retrieve && responseOf(retrieve, 404)).toMatchObject({ description: expect.stringMatching(/not_found_error: .*not offer/) });
    expect(Object.keys(document.paths['/v1/models']?.get?.responses ?? {})).not.toContain('404');
  });

  it('every response documents x-request-id, one shared header', () => {
    expect(document.components.headers).toMatchObject({
      RequestId: { description: "The id of this request in the proxy's log line.", schema: { type: 'string' } },
    });
    const responses = allResponses();
    expect(responses.length).toBeGreaterThan(20);
    for (const [at, response] of responses) {
      expect(response.headers?.['x-request-id'], at).toEqual({ $ref: '#/components/headers/RequestId' });
    }
  });

  it('every request body says it is read as JSON whatever its Content-Type, in one shared sentence', () => {
    const bodies = operations().flatMap(({ operation }) => (operation.requestBody ? [operation.requestBody] : []));
    expect(bodies).toHaveLength(3);
    const descriptions = new Set(bodies.map((requestBody) => requestBody.description));
    expect(descriptions.size).toBe(1);
    expect([...descriptions][0]).toMatch(/JSON whatever its Content-Type/);
  });

  it('says that input_audio and file content parts are refused with 400 unsupported_content', () => {
    const part = findSchema(
      document.components.schemas.ChatCompletionRequest,
      (schema) =>
        JSON.stringify((schema.properties as { type?: { enum?: unknown } } | undefined)?.type?.enum)?.includes('input_audio') === true,
    );
    expect(part).toMatchObject({ description: expect.stringMatching(/400.*unsupported_content/) });
  });

  it('documents the two stream formats with their item schemas', () => {
    expect(document.paths['/chat']?.post?.responses[200]).toMatchObject({
      content: { 'application/x-ndjson': { schema: { $ref: '#/components/schemas/NdjsonLine' } } },
    });
    expect(document.paths['/v1/chat/completions']?.post?.responses[200]).toMatchObject({
      content: { 'text/event-stream': { schema: { $ref: '#/components/schemas/SseEvent' } } },
    });
  });
});

describe('serving the document, the reference and the playground', () => {
  it('GET /openapi.json is the document, without a key', async () => {
    const response = await fetch(`${proxy.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await bodyOf(response)).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/playground.js', 'text/javascript; charset=utf-8'],
    ['/playground.css', 'text/css; charset=utf-8'],
    ['/docs', 'text/html; charset=utf-8'],
    ['/openapi.json', 'application/json'],
  ])('GET %s needs no key and carries the security headers', async (path, type) => {
    const response = await fetch(`${proxy.url}${path}`);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
  });

  it.each([
    ['/docs/', '../docs'],
    ['/docs//', '../../docs'],
  ])('GET %s redirects to %s: relative, so it lands on docs under any path prefix', async (path, location) => {
    const response = await fetch(`${proxy.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(location);
    expect(new URL(location, `${proxy.url}${path}`).href).toBe(`${proxy.url}/docs`);
    expect(new URL(location, `https://example.cloudfront.net/proxy${path}`).href).toBe('https://example.cloudfront.net/proxy/docs');
  });

  it('the pages load nothing from another host', async () => {
    for (const path of ['/', '/docs']) {
      const html = await (await fetch(`${proxy.url}${path}`)).text();
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/<script>|<style>| on[a-z]+="/);
    }
  });

  it('the playground script is valid JavaScript', () => {
    expect(() => new vm.Script(PLAYGROUND_SCRIPT, { filename: 'playground.js' })).not.toThrow();
  });

  it.each(Object.entries(document.paths))('%s answers another method with the documented 405 and its Allow', async (path, item) => {
    const response = await fetch(`${proxy.url}${offered(path)}`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(item.get ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS');
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'invalid_request_error', code: 'method_not_allowed' } });
  });

  it.each(Object.keys(document.paths).filter((path) => document.paths[path]?.get))(
    'HEAD %s is answered, as its Allow says',
    async (path) => {
      const response = await fetch(`${proxy.url}${offered(path)}`, { method: 'HEAD', headers: { 'x-api-key': 'docs-key' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    },
  );

  it.each([
    ['/chat', { model: 'no.such-model-v1:0', messages: [{ role: 'user', content: 'hi' }] }, 'ValidationException'],
    ['/v1/chat/completions', { model: 'no.such-model-v1:0', messages: [{ role: 'user', content: 'hi' }] }, 'ValidationException'],
    ['/v1/embeddings', { model: 'no.such-model-v1:0', input: 'hi' }, 'unsupported_model'],
  ])('POST %s with an unknown model is the documented 400, not a 404', async (path, body, code) => {
    const response = await postJson(`${proxy.url}${path}`, body, { 'x-api-key': 'docs-key' });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'invalid_request_error', code } });
    expect(document.paths[path]?.post?.responses[400]).toEqual({ $ref: '#/components/responses/BadRequest' });
  });

  it('GET /v1/models/{id} with a model the proxy does not offer is its documented 404', async () => {
    const response = await fetch(`${proxy.url}/v1/models/no.such-model-v1:0`, { headers: { 'x-api-key': 'docs-key' } });
    expect(response.status).toBe(404);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('the API itself still needs the key', async () => {
    expect((await fetch(`${proxy.url}/v1/models`)).status).toBe(401);
  });
});

describe('the /chat request body in the OpenAPI document agrees with the server', () => {
  const messages = [{ role: 'user', content: 'hi' }];
  const payload = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 20, messages };
  const bodies: [string, Record<string, unknown>][] = [
    ['payload', { payload }],
    ['messages', { messages }],
    ['any other mode is chat', { mode: 'anything', messages }],
    ['a null mode is chat', { mode: null, payload }],
    ['embed', { mode: 'embed', text: 'hi' }],
    ['embed with messages beside it (not read)', { mode: 'embed', text: 'hi', messages }],
    ['embed mode with messages only', { mode: 'embed', messages }],
    ['embed mode with a payload only', { mode: 'embed', payload }],
    ['payload and messages', { payload, messages }],
    ['neither', { model: 'amazon.nova-lite-v1:0' }],
    ['a numeric mode', { mode: 5, messages }],
  ];

  it.each(bodies)('%s: valid in the document exactly when the server answers 200', async (_name, body) => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: document.components });
    const schema = document.paths['/chat']?.post?.requestBody?.content['application/json']?.schema;
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')));
    const response = await postJson(`${proxy.url}/chat`, body, { 'x-api-key': 'docs-key' });
    await response.arrayBuffer();
    expect({ documentAccepts: validate(body) }).toEqual({ documentAccepts: response.status === 200 });
  });
});
