import * as z from 'zod';
import { ModelId } from '../schemas/chat';
import { LIMITS } from '../schemas/limits';

/**
 * `POST /v1/chat/completions`, as OpenAI documents it
 * (https://platform.openai.com/docs/api-reference/chat/create). Objects are loose: fields this
 * proxy does not use (`user`, `seed`, `metadata`, `parallel_tool_calls`, …) are accepted and
 * ignored, as clients send them by default. `null` means "not set", as in OpenAI's own SDKs.
 */
const Text = z.string().max(LIMITS.textChars);

export const TextPart = z.looseObject({ type: z.literal('text'), text: Text });

export const ImagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().min(1).describe('A data: URL (data:image/png;base64,…); http(s) URLs are refused.'),
    detail: z.string().nullish(),
  }),
});

/** Parts OpenAI defines that Converse cannot take here; named so the 400 says which. */
const OtherPart = z.looseObject({ type: z.enum(['input_audio', 'file']) });

const UserPart = z.discriminatedUnion('type', [TextPart, ImagePart, OtherPart]);
const AssistantPart = z.discriminatedUnion('type', [TextPart, z.looseObject({ type: z.literal('refusal'), refusal: Text })]);

export const ToolCall = z.looseObject({
  id: z.string().min(1).max(512),
  type: z.literal('function').default('function'),
  function: z.looseObject({
    name: z.string().min(1).max(64),
    arguments: z.string().max(LIMITS.textChars).describe("The call's arguments as a JSON text."),
  }),
});

const InstructionMessage = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: z.union([Text, z.array(TextPart).min(1)]),
});

const UserMessage = z.looseObject({ role: z.literal('user'), content: z.union([Text, z.array(UserPart).min(1)]) });

const AssistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([Text, z.array(AssistantPart)]).nullish(),
  tool_calls: z.array(ToolCall).max(128).nullish(),
});

const ToolMessage = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1).max(512),
  content: z.union([Text, z.array(TextPart).min(1)]),
});

export const OpenAIMessage = z.discriminatedUnion('role', [InstructionMessage, UserMessage, AssistantMessage, ToolMessage]);

export const FunctionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
    description: z.string().max(10_000).nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish().describe('A JSON schema for the arguments.'),
    strict: z.boolean().nullish(),
  }),
});

export const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1).max(64) }) }),
]);

export const ResponseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
      description: z.string().max(10_000).nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const ReasoningEffort = z
  .enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])
  .describe('Claude: a thinking budget; Nova 2: reasoningConfig; other models: ignored.');

const MaxTokens = z.number().int().positive().max(LIMITS.maxTokens);

export const ChatCompletionRequest = z.looseObject({
  model: ModelId.optional().describe('A Bedrock model id, inference-profile id or ARN, or an alias.'),
  messages: z.array(OpenAIMessage).min(1).max(LIMITS.messages),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: MaxTokens.nullish(),
  max_completion_tokens: MaxTokens.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(16)]).nullish(),
  n: z.literal(1, 'only n=1 is supported').nullish(),
  logprobs: z.literal(false, 'logprobs are not available from Bedrock').nullish(),
  tools: z.array(FunctionTool).max(128).nullish(),
  tool_choice: ToolChoice.nullish(),
  response_format: ResponseFormat.nullish(),
  reasoning_effort: ReasoningEffort.nullish(),
});

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;
export type OpenAIMessage = z.infer<typeof OpenAIMessage>;
export type FunctionTool = z.infer<typeof FunctionTool>;
export type ToolChoice = z.infer<typeof ToolChoice>;
export type ResponseFormat = z.infer<typeof ResponseFormat>;
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;
