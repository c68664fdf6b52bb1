import { ModelId } from '../schemas/chat';
import { LIMITS } from '../schemas/limits';
import * as z from '../schemas/zod';

/**
 * `POST /v1/chat/completions`, as OpenAI documents it
 * (https://platform.openai.com/docs/api-reference/chat/create). Objects are loose: fields this
 * proxy does not use (`user`, `seed`, `metadata`, `parallel_tool_calls`, …) are accepted and
 * ignored, as clients send them by default. `null` means "not set", as in OpenAI's own SDKs.
 */
const Text = z.string().check(z.maxLength(LIMITS.textChars));

/** A string of 1 to `max` characters. */
const NonEmpty = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** A function name, as OpenAI restricts it. */
const FunctionName = z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'));

export const TextPart = z.looseObject({ type: z.literal('text'), text: Text });

export const ImagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().check(z.minLength(1), z.describe('A data: URL (data:image/png;base64,…); http(s) URLs are refused.')),
    detail: z.nullish(z.string()),
  }),
});

/** Parts OpenAI defines that Converse cannot take here; named so the 400 says which. */
const OtherPart = z
  .looseObject({ type: z.enum(['input_audio', 'file']) })
  .check(z.describe('Refused with a 400 `unsupported_content`: this proxy sends only text and images to Bedrock.'));

const UserPart = z.discriminatedUnion('type', [TextPart, ImagePart, OtherPart]);
const AssistantPart = z.discriminatedUnion('type', [TextPart, z.looseObject({ type: z.literal('refusal'), refusal: Text })]);

export const ToolCall = z.looseObject({
  id: NonEmpty(512),
  type: z._default(z.literal('function'), 'function'),
  function: z.looseObject({
    name: NonEmpty(64),
    arguments: z.string().check(z.maxLength(LIMITS.textChars), z.describe("The call's arguments as a JSON text.")),
  }),
});

const InstructionMessage = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: z.union([Text, z.array(TextPart).check(z.minLength(1))]),
});

const UserMessage = z.looseObject({ role: z.literal('user'), content: z.union([Text, z.array(UserPart).check(z.minLength(1))]) });

const AssistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z.nullish(z.union([Text, z.array(AssistantPart)])),
  refusal: z.nullish(Text),
  tool_calls: z.nullish(z.array(ToolCall).check(z.maxLength(128))),
  // Converse can carry neither, and leaving one out would change the conversation.
  function_call: z.nullish(z.never('legacy function calling is not supported; use tool_calls')),
  audio: z.nullish(z.never('audio turns are not supported; send the transcript as content')),
});

const ToolMessage = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: NonEmpty(512),
  content: z.union([Text, z.array(TextPart).check(z.minLength(1))]),
});

export const OpenAIMessage = z.discriminatedUnion('role', [InstructionMessage, UserMessage, AssistantMessage, ToolMessage]);

export const FunctionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: FunctionName,
    description: z.nullish(z.string().check(z.maxLength(10_000))),
    parameters: z.nullish(z.record(z.string(), z.unknown())).check(z.describe('A JSON schema for the arguments.')),
    strict: z.nullish(z.boolean()),
  }),
});

export const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: NonEmpty(64) }) }),
]);

export const ResponseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: FunctionName,
      description: z.nullish(z.string().check(z.maxLength(10_000))),
      schema: z.nullish(z.record(z.string(), z.unknown())),
      strict: z.nullish(z.boolean()),
    }),
  }),
]);

export const ReasoningEffort = z
  .enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])
  .check(z.describe('Claude: a thinking budget; Nova 2: reasoningConfig; other models: ignored.'));

const MaxTokens = z.number().check(z.positive(), z.maximum(LIMITS.maxTokens), z.int());

const LEGACY_FUNCTIONS = 'legacy function calling is not supported; use tools and tool_choice';
const NO_AUDIO = 'audio output is not supported';

export const ChatCompletionRequest = z.looseObject({
  model: z.optional(ModelId).check(z.describe('A Bedrock model id, inference-profile id or ARN, or an alias.')),
  messages: z.array(OpenAIMessage).check(z.minLength(1), z.maxLength(LIMITS.messages)),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.looseObject({ include_usage: z.nullish(z.boolean()) })),
  max_tokens: z.nullish(MaxTokens),
  max_completion_tokens: z.nullish(MaxTokens),
  temperature: z.nullish(z.number().check(z.minimum(0), z.maximum(2))),
  top_p: z.nullish(z.number().check(z.minimum(0), z.maximum(1))),
  stop: z.nullish(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.maxLength(16))])),
  n: z.nullish(z.literal(1, 'only n=1 is supported')),
  logprobs: z.nullish(z.literal(false, 'logprobs are not available from Bedrock')),
  top_logprobs: z.nullish(z.never('logprobs are not available from Bedrock')),
  // `{}` changes nothing, and some clients send it by default.
  logit_bias: z.nullish(z.strictObject({}, 'logit_bias is not available from Bedrock')),
  functions: z.nullish(z.never(LEGACY_FUNCTIONS)),
  function_call: z.nullish(z.never(LEGACY_FUNCTIONS)),
  audio: z.nullish(z.never(NO_AUDIO)),
  modalities: z.nullish(z.array(z.literal('text', NO_AUDIO))),
  web_search_options: z.nullish(z.never('web search is not available from Bedrock')),
  tools: z.nullish(z.array(FunctionTool).check(z.maxLength(128))),
  tool_choice: z.nullish(ToolChoice),
  response_format: z.nullish(ResponseFormat),
  reasoning_effort: z.nullish(ReasoningEffort),
});

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;
export type OpenAIMessage = z.infer<typeof OpenAIMessage>;
export type FunctionTool = z.infer<typeof FunctionTool>;
export type ToolChoice = z.infer<typeof ToolChoice>;
export type ResponseFormat = z.infer<typeof ResponseFormat>;
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;
