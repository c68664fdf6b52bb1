import { BEDROCK_ERRORS, type ErrorName, errorRefs, KEYED_ERRORS, PUBLIC_ERRORS } from './errors';
import { REQUEST_ID } from './headers';
import { type JsonSchema, type SchemaName, schemaRef } from './schemas';

export interface MediaTypeDoc {
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

export interface ResponseDoc {
  readonly description: string;
  readonly headers?: Readonly<Record<string, JsonSchema>>;
  readonly content?: Readonly<Record<string, MediaTypeDoc>>;
}

export interface OperationDoc {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description?: string;
  /** `[]` for a public route; otherwise the document's default (an API key) applies. */
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly { name: string; in: 'path'; required: true; description: string; schema: JsonSchema }[];
  readonly requestBody?: {
    readonly description: string;
    readonly required: true;
    readonly content: Readonly<Record<string, MediaTypeDoc>>;
  };
  readonly responses: Readonly<Record<string, ResponseDoc | { readonly $ref: string }>>;
}

export type PathItemDoc = { readonly get?: OperationDoc; readonly post?: OperationDoc };

const json = (schema: JsonSchema, example?: unknown) => ({ 'application/json': { schema, ...(example !== undefined && { example }) } });
const oneOf = (...names: SchemaName[]): JsonSchema => ({ oneOf: names.map(schemaRef) });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });
const PUBLIC = { security: [] as const };

/** An operation's responses: its 200 (with the headers every response has) and its errors. */
const responses = (ok: ResponseDoc, errors: readonly ErrorName[]): OperationDoc['responses'] => ({
  200: { ...ok, headers: { ...ok.headers, ...REQUEST_ID } },
  ...errorRefs(errors),
});

const NDJSON_EXAMPLE = [
  '{"text":"Hello ","is_final":false}',
  '{"text":"there","is_final":false}',
  '{"text":"","is_final":true,"usage":{"input_tokens":6,"output_tokens":2},"stop_reason":"end_turn"}',
  '',
].join('\n');

const SSE_EXAMPLE = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":0,"model":"…","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null,"logprobs":null}]}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const X_CACHE = { description: 'hit or miss in the per-instance embedding cache.', schema: { type: 'string', enum: ['hit', 'miss'] } };

// As the original FastAPI proxy did: `curl -d` sends application/x-www-form-urlencoded.
const BODY_DESCRIPTION = 'Read as JSON whatever its Content-Type says, so `curl -d` works without `-H "content-type: …"`.';

const body = (schema: JsonSchema): OperationDoc['requestBody'] => ({
  description: BODY_DESCRIPTION,
  required: true,
  content: json(schema),
});

/** Every path the handler serves (the tests compare this with the route table). */
export const PATHS: Readonly<Record<string, PathItemDoc>> = {
  '/': {
    get: {
      operationId: 'playground',
      tags: ['Browser'],
      summary: 'The playground page',
      ...PUBLIC,
      responses: responses(text('text/html', 'A self-contained HTML page; its script and style are the next two paths.'), PUBLIC_ERRORS),
    },
  },
  '/playground.js': {
    get: {
      operationId: 'playgroundScript',
      tags: ['Browser'],
      summary: "The playground's script",
      ...PUBLIC,
      responses: responses(
        text('text/javascript', 'Plain fetch + ReadableStream against /v1/chat/completions; copy it freely.'),
        PUBLIC_ERRORS,
      ),
    },
  },
  '/playground.css': {
    get: {
      operationId: 'playgroundStyle',
      tags: ['Browser'],
      summary: 'The stylesheet of the playground and /docs',
      ...PUBLIC,
      responses: responses(text('text/css', 'The stylesheet.'), PUBLIC_ERRORS),
    },
  },
  '/docs': {
    get: {
      operationId: 'docs',
      tags: ['Browser'],
      summary: 'This reference as an HTML page',
      ...PUBLIC,
      responses: responses(text('text/html', 'Rendered on the server from /openapi.json.'), PUBLIC_ERRORS),
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openapi',
      tags: ['Browser'],
      summary: 'This OpenAPI 3.1 document',
      ...PUBLIC,
      responses: responses(
        { description: 'Generated from the zod schemas that validate requests.', content: json({ type: 'object' }) },
        PUBLIC_ERRORS,
      ),
    },
  },
  '/health': {
    get: {
      operationId: 'health',
      tags: ['Proxy'],
      summary: 'Liveness',
      ...PUBLIC,
      responses: responses({ description: 'The proxy is up.', content: json(schemaRef('HealthResponse')) }, PUBLIC_ERRORS),
    },
  },
  '/chat': {
    post: {
      operationId: 'chat',
      tags: ['Proxy'],
      summary: 'Chat (raw InvokeModel payload or messages) and embed',
      description:
        'Three request kinds: `payload` (a raw InvokeModel body, forwarded unchanged), `messages` (the model-agnostic Converse API) ' +
        'and `mode: "embed"`. With `stream: true` a chat answer is streamed as NDJSON; once the stream began, a failure arrives as ' +
        'the last line (with `error`) and the status stays 200.',
      requestBody: body(oneOf('PayloadChatRequest', 'MessagesChatRequest', 'EmbedRequest')),
      responses: responses(
        {
          description:
            'Without `stream`: a JSON answer (or embedding). With `stream: true`: `application/x-ndjson`, one NdjsonLine per line, ' +
            'written as Bedrock produces text; the last line has `is_final: true`.',
          headers: {
            'x-cache': { ...X_CACHE, description: `Embed mode: ${X_CACHE.description}` },
          },
          content: {
            ...json(oneOf('ChatAnswer', 'EmbedOne', 'EmbedMany')),
            'application/x-ndjson': { schema: schemaRef('NdjsonLine'), example: NDJSON_EXAMPLE },
          },
        },
        BEDROCK_ERRORS,
      ),
    },
  },
  '/v1/chat/completions': {
    post: {
      operationId: 'createChatCompletion',
      tags: ['OpenAI-compatible'],
      summary: 'OpenAI Chat Completions over Bedrock Converse',
      description:
        'With `stream: true` the answer is streamed as server-sent events: `data: {chat.completion.chunk}` … `data: [DONE]`. ' +
        '`stream_options.include_usage` adds a last chunk with usage. A failure after the stream began is sent as `data: {"error": …}` ' +
        'with no [DONE].',
      requestBody: body(schemaRef('ChatCompletionRequest')),
      responses: responses(
        {
          description: 'A chat.completion, or with `stream: true` a `text/event-stream` whose events carry SseEvent JSON.',
          content: { ...json(schemaRef('ChatCompletion')), 'text/event-stream': { schema: schemaRef('SseEvent'), example: SSE_EXAMPLE } },
        },
        BEDROCK_ERRORS,
      ),
    },
  },
  '/v1/embeddings': {
    post: {
      operationId: 'createEmbeddings',
      tags: ['OpenAI-compatible'],
      summary: 'OpenAI Embeddings over Titan, Cohere and Nova',
      requestBody: body(schemaRef('EmbeddingsRequest')),
      responses: responses(
        { description: 'The vectors, in input order.', headers: { 'x-cache': X_CACHE }, content: json(schemaRef('EmbeddingsResponse')) },
        BEDROCK_ERRORS,
      ),
    },
  },
  '/v1/models': {
    get: {
      operationId: 'listModels',
      tags: ['OpenAI-compatible'],
      summary: 'The models this caller may use',
      description:
        "From configuration and the caller's key (ALLOWED_MODELS, the defaults, MODEL_ALIASES, the key's models), keeping those the deployment and the key allow; no Bedrock call.",
      responses: responses({ description: 'The list.', content: json(schemaRef('ModelList')) }, KEYED_ERRORS),
    },
  },
  '/v1/models/{id}': {
    get: {
      operationId: 'retrieveModel',
      tags: ['OpenAI-compatible'],
      summary: 'One offered model',
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'A model id, inference-profile id, ARN or alias; URL-encode an ARN (its `/` may also stay as it is).',
          schema: { type: 'string' },
        },
      ],
      responses: responses({ description: 'The model.', content: json(schemaRef('Model')) }, [...KEYED_ERRORS, 'ModelNotFound']),
    },
  },
};
