import { errorComponents } from './errors';
import { HEADER_COMPONENTS } from './headers';
import { PATHS } from './paths';
import { componentSchemas, type JsonSchema } from './schemas';

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

const DESCRIPTION = [
  'Amazon Bedrock behind a plain HTTPS API: the original proxy API (`/chat`, `/health`) and an OpenAI-compatible API under `/v1`.',
  'Send an API key as `Authorization: Bearer KEY` or `x-api-key: KEY` (not needed when the proxy runs without keys, e.g. `npm start` ' +
    'without API_KEYS). Every error has the ErrorBody shape; its statuses are listed under Errors. An unknown path is a 404, a known ' +
    'path with another method a 405. HEAD is answered wherever GET is. Every response carries `x-request-id`, the id of the ' +
    "request in the proxy's log line.",
  'Streams: `/chat` sends NDJSON (`application/x-ndjson`), `/v1/chat/completions` server-sent events (`text/event-stream`). Once a ' +
    'stream has begun its status is fixed at 200, so a later failure arrives in-band as its last item, with the ErrorBody error.',
].join('\n\n');

/**
 * The OpenAPI 3.1 document of everything the handler serves. Request and response shapes come
 * from zod (./schemas), so the document describes what the code validates and sends. Built on
 * the first request for it, not at cold start.
 */
export function buildOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'bedrock-proxy',
      version,
      description: DESCRIPTION,
    },
    // Relative to this document, so it is right wherever the proxy is served from.
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    tags: [
      { name: 'Proxy', description: 'The original API.' },
      { name: 'OpenAI-compatible', description: 'OpenAI clients work by changing only their base URL.' },
      { name: 'Browser', description: 'The playground and this reference; no key needed.' },
    ],
    paths: PATHS,
    components: {
      schemas: componentSchemas() as Record<string, JsonSchema>,
      responses: errorComponents(),
      headers: HEADER_COMPONENTS,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer KEY' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'x-api-key: KEY' },
      },
    },
  };
}
