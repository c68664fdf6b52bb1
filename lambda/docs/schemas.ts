import { ChatCompletionRequest } from '../openai/chat-schema';
import { EmbeddingsRequest } from '../openai/embeddings-schema';
import { EmbedRequest, MessagesChatRequest, PayloadChatRequest } from '../schemas/chat';
import * as responses from '../schemas/responses';
import * as z from '../schemas/zod';

export type JsonSchema = { readonly [key: string]: unknown };

/** The zod schemas that validate requests, by the component name they get in the document. */
const REQUESTS = { PayloadChatRequest, MessagesChatRequest, EmbedRequest, ChatCompletionRequest, EmbeddingsRequest };

const RESPONSES = {
  ErrorBody: responses.ErrorBody,
  HealthResponse: responses.HealthResponse,
  ChatAnswer: responses.ChatAnswer,
  EmbedOne: responses.EmbedOne,
  EmbedMany: responses.EmbedMany,
  NdjsonLine: responses.NdjsonLine,
  ChatCompletion: responses.ChatCompletion,
  ChatCompletionChunk: responses.ChatCompletionChunk,
  SseEvent: responses.SseEvent,
  EmbeddingsResponse: responses.EmbeddingsResponse,
  Model: responses.Model,
  ModelList: responses.ModelList,
};

export type SchemaName = keyof typeof REQUESTS | keyof typeof RESPONSES;

export const schemaRef = (name: SchemaName): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) straight from zod: requests as the caller
 * may send them (`io: 'input'`: fields with defaults are optional), responses as they come out.
 * A schema that another one in the same group uses becomes a $ref to its component.
 */
function generate(schemas: Readonly<Record<string, z.ZodMiniType>>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  // Each carries its own $schema and a fragment $id; inside an OpenAPI document neither belongs.
  return Object.fromEntries(Object.entries(generated.schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

export function componentSchemas(): Record<SchemaName, JsonSchema> {
  return { ...generate(REQUESTS, 'input'), ...generate(RESPONSES, 'output') } as Record<SchemaName, JsonSchema>;
}
