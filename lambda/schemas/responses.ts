import * as z from './zod';

/**
 * What the proxy answers, as zod schemas. They are not used to build responses (the routes'
 * pure functions do that); they feed the OpenAPI document, and the tests hold real responses
 * against them, so the document cannot drift from the wire. Objects are strict: a field the
 * proxy starts sending without documenting it fails those tests.
 */
const Count = z.number().check(z.int(), z.nonnegative());

export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      type: z
        .string()
        .check(z.describe('invalid_request_error, authentication_error, permission_error, not_found_error, rate_limit_error, …')),
      message: z.string().check(z.describe('Safe to show to a person; internals are never echoed.')),
      code: z.nullable(z.string()).check(z.describe('A finer code: invalid_api_key, ThrottlingException, …')),
      param: z.nullable(z.string()).check(z.describe('The offending request field, for a 400.')),
    }),
  })
  .check(z.describe('The one error shape, in every error response and as the last item of a failed stream.'));

export const HealthResponse = z.strictObject({ status: z.literal('ok'), service: z.string(), version: z.string() });

const Usage = z.strictObject({ input_tokens: Count, output_tokens: Count });

const StopReason = z
  .nullable(z.string())
  .check(z.describe("Bedrock's stop reason: end_turn, max_tokens, stop_sequence, guardrail_intervened, …"));

const AnswerUsage = z
  .looseObject({ input_tokens: Count, output_tokens: Count })
  .check(
    z.describe(
      "For a raw payload, also Bedrock's own usage fields as it returned them (e.g. Nova's inputTokens, Claude's cache token counts).",
    ),
  );

export const ChatAnswer = z
  .strictObject({ answer: z.string(), usage: AnswerUsage, model: z.string(), stop_reason: StopReason })
  .check(z.describe('A non-streamed /chat answer.'));

const EmbedUsage = z.strictObject({ input_tokens: Count });

export const EmbedOne = z
  .strictObject({ embedding: z.array(z.number()), dimensions: Count, model: z.string(), usage: EmbedUsage })
  .check(z.describe('/chat embed mode with one text.'));

export const EmbedMany = z
  .strictObject({ embeddings: z.array(z.array(z.number())), dimensions: Count, model: z.string(), usage: EmbedUsage })
  .check(z.describe('/chat embed mode with a list of texts, vectors in the same order.'));

export const NdjsonLine = z
  .union([
    z.strictObject({ text: z.string(), is_final: z.literal(false) }),
    z.strictObject({ text: z.literal(''), is_final: z.literal(true), usage: Usage, stop_reason: StopReason }),
    z.strictObject({ text: z.literal(''), is_final: z.literal(true), error: ErrorBody.shape.error }),
  ])
  .check(
    z.describe(
      'One line of a streamed /chat answer: text pieces as Bedrock produces them, then one final line with usage and stop_reason, ' +
        'or, when Bedrock failed after the stream began, with error instead.',
    ),
  );

const FinishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter']);

const OpenAIUsage = z.strictObject({ prompt_tokens: Count, completion_tokens: Count, total_tokens: Count });

const ToolCall = z.strictObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string(), arguments: z.string().check(z.describe('A JSON text.')) }),
});

export const ChatCompletion = z.strictObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: Count,
  model: z.string().check(z.describe('The Bedrock id that answered.')),
  choices: z
    .array(
      z.strictObject({
        index: z.literal(0),
        message: z.strictObject({
          role: z.literal('assistant'),
          content: z.nullable(z.string()),
          refusal: z.null(),
          tool_calls: z.optional(z.array(ToolCall)),
          reasoning_content: z.optional(z.string()),
        }),
        finish_reason: FinishReason,
        logprobs: z.null(),
      }),
    )
    .check(z.length(1)),
  usage: OpenAIUsage,
});

export const ChatCompletionChunk = z.strictObject({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: Count,
  model: z.string(),
  choices: z
    .array(
      z.strictObject({
        index: z.literal(0),
        delta: z.strictObject({
          role: z.optional(z.literal('assistant')),
          content: z.optional(z.string()),
          reasoning_content: z.optional(z.string()),
          tool_calls: z.optional(
            z.array(
              z.strictObject({
                index: Count,
                id: z.optional(z.string()),
                type: z.optional(z.literal('function')),
                function: z.strictObject({ name: z.optional(z.string()), arguments: z.string() }),
              }),
            ),
          ),
        }),
        finish_reason: z.nullable(FinishReason),
        logprobs: z.null(),
      }),
    )
    .check(z.maxLength(1), z.describe('Empty only in the last chunk, which then carries usage (with stream_options.include_usage).')),
  usage: z.optional(OpenAIUsage),
});

export const SseEvent = z
  .union([ChatCompletionChunk, ErrorBody])
  .check(
    z.describe(
      'The JSON of one `data:` event. A clean stream ends with `data: [DONE]`; a stream that failed after it began ends with ' +
        'an error event and no [DONE].',
    ),
  );

export const EmbeddingsResponse = z.strictObject({
  object: z.literal('list'),
  data: z.array(
    z.strictObject({
      object: z.literal('embedding'),
      index: Count,
      embedding: z.union([
        z.array(z.number()),
        z.string().check(z.describe('Little-endian float32 bytes, base64 (encoding_format=base64).')),
      ]),
    }),
  ),
  model: z.string(),
  usage: z.strictObject({ prompt_tokens: Count, total_tokens: Count }),
});

export const Model = z.strictObject({
  id: z.string().check(z.describe('A Bedrock model id, inference-profile id or ARN, or an alias from MODEL_ALIASES.')),
  object: z.literal('model'),
  created: Count,
  owned_by: z.string().check(z.describe('The vendor part of the Bedrock id: anthropic, amazon, cohere, …')),
});

export const ModelList = z.strictObject({ object: z.literal('list'), data: z.array(Model) });
