import vm from 'node:vm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../lambda/bedrock-client';
import { loadConfig } from '../../lambda/config';
import { buildOpenApiDocument } from '../../lambda/docs/openapi';
import { EmbeddingCache } from '../../lambda/embed/cache';
import { CONTENT_SECURITY_POLICY } from '../../lambda/playground/asset';
import { PLAYGROUND_SCRIPT } from '../../lambda/playground/script';
import { allRoutes } from '../../lambda/routes';
import { LIMITS } from '../../lambda/schemas/limits';
import { version } from '../../package.json';
import { bodyOf } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ API_KEYS: 'docs-key' });
const document = buildOpenApiDocument(version);

/** The handler's route table, built as the handler builds it (no network: the client only exists). */
function routeKeys(): string[] {
  const config = loadConfig({});
  const deps = { client: createBedrockClient(config), config, embedCache: new EmbeddingCache(0) };
  return allRoutes(deps, new Logger({ logLevel: 'SILENT' })).map((route) => `${route.method} ${route.path.replace(/\/\*$/, '/{id}')}`);
}

const documentedKeys = (): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

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
      const [, section, name] = ref.match(/^#\/components\/(schemas|responses)\/(.+)$/) ?? [];
      expect(section && name && (document.components as Record<string, Record<string, unknown>>)[section]?.[name], ref).toBeTruthy();
    }
  });

  it('takes request shapes from the zod schemas that validate requests', () => {
    const { MessagesChatRequest, EmbedRequest, ChatCompletionRequest } = document.components.schemas;
    expect(MessagesChatRequest).toMatchObject({ required: ['messages'], properties: { messages: { maxItems: LIMITS.messages } } });
    expect(EmbedRequest).toMatchObject({ properties: { text: { anyOf: [{ maxLength: LIMITS.embedTextChars }, expect.anything()] } } });
    expect(ChatCompletionRequest).toMatchObject({ properties: { reasoning_effort: expect.anything(), stream_options: expect.anything() } });
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

  it('the API itself still needs the key', async () => {
    expect((await fetch(`${proxy.url}/v1/models`)).status).toBe(401);
  });
});
