import { MODEL_ID_PATTERN } from '../../lib/model-id';
import { LIMITS } from './limits';
import * as z from './zod';

/** A foundation-model id, an inference-profile id or an ARN. */
export const ModelId = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(2048),
    z.regex(MODEL_ID_PATTERN, 'must be a Bedrock model id, inference profile id or ARN'),
  );

const Text = z.string().check(z.maxLength(LIMITS.textChars));
const EmbedText = z.string().check(z.minLength(1), z.maxLength(LIMITS.embedTextChars));

const ContentPart = z.object({ type: z.optional(z.literal('text')), text: Text });

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([Text, z.array(ContentPart).check(z.minLength(1))]),
});

/**
 * `model` and `stream` as the original proxy read them (pydantic's `Optional[str]` and `bool`,
 * then `model or default`): `null` or `""` means the default model; `stream` may also be `null`
 * (no), 0 or 1, or "true"/"false" (also capitalised, or in capitals), as pydantic reads a bool.
 */
const LegacyModel = z.pipe(
  z.optional(z.union([ModelId, z.literal(''), z.null()])),
  z.transform((model) => model || undefined),
);

// No regex flags: the pattern also goes into the OpenAPI document, and JSON Schema has none.
const LAX_BOOLEAN = /^(true|True|TRUE|false|False|FALSE|1|0)$/;
const LegacyBoolean = z.pipe(
  z.union([z.boolean(), z.null(), z.literal(0), z.literal(1), z.string().check(z.regex(LAX_BOOLEAN, 'must be a boolean'))]),
  z.transform((value) => value === true || value === 1 || value === '1' || (typeof value === 'string' && value.toLowerCase() === 'true')),
);

/**
 * The original proxy answered chat for any `mode` but "embed" (`body.get("mode", "chat")`).
 * parseChatRequest sends "embed" to EmbedRequest before these schemas see it; the pattern says so
 * in the OpenAPI document, so that a body there fits exactly one of the three request kinds. It
 * refuses exactly "embed": `(?![\s\S])` is the end of the text in every regex dialect JSON Schema
 * validators use, where `$` may also match before a final line break.
 */
const ChatMode = z.optional(z.nullable(z.string().check(z.regex(/^(?!embed(?![\s\S]))/, 'is chat unless it is "embed"'))));

const Common = {
  model: LegacyModel,
  stream: z._default(LegacyBoolean, false),
};

/** `payload` mode: a raw InvokeModel body forwarded unchanged. */
export const PayloadChatRequest = z.object({
  mode: ChatMode,
  ...Common,
  payload: z.record(z.string(), z.unknown()),
});

/** `messages` mode: the model-agnostic Converse API. */
export const MessagesChatRequest = z.object({
  mode: ChatMode,
  ...Common,
  messages: z.array(ChatMessage).check(z.minLength(1), z.maxLength(LIMITS.messages)),
  system: z.optional(Text),
  max_tokens: z.optional(z.number().check(z.positive(), z.maximum(LIMITS.maxTokens), z.int())),
  temperature: z.optional(z.number().check(z.minimum(0), z.maximum(2))),
  top_p: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  stop: z.optional(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.maxLength(16))])),
});

/** A list of texts to embed of the wrong length, told so (a union's own message says only "Invalid input"). */
function listLength(input: unknown): string | undefined {
  if (!Array.isArray(input)) return undefined;
  if (input.length === 0) return 'must hold at least one text';
  return input.length > LIMITS.embedTexts ? `must hold at most ${LIMITS.embedTexts} texts` : undefined;
}

/** One text or a list of 1 to LIMITS.embedTexts texts; `otherwise` is the message for anything else. */
export function textOrTexts(text: z.ZodMiniString, otherwise?: string) {
  return z.union([text, z.array(text).check(z.minLength(1), z.maxLength(LIMITS.embedTexts))], {
    error: (issue) => (issue.input === undefined ? 'is required' : (listLength(issue.input) ?? otherwise)),
  });
}

export const EmbedRequest = z.object({
  mode: z.literal('embed'),
  model: LegacyModel,
  text: textOrTexts(EmbedText),
  dimensions: z.optional(z.number().check(z.positive(), z.maximum(8192), z.int())),
  normalize: z.optional(z.boolean()),
  input_type: z.optional(z.enum(['search_document', 'search_query', 'classification', 'clustering'])),
});

export type PayloadChatRequest = z.infer<typeof PayloadChatRequest>;
export type MessagesChatRequest = z.infer<typeof MessagesChatRequest>;
export type EmbedRequest = z.infer<typeof EmbedRequest>;
export type ChatMessage = z.infer<typeof ChatMessage>;

export type ChatRequest =
  | { readonly kind: 'payload'; readonly request: PayloadChatRequest }
  | { readonly kind: 'messages'; readonly request: MessagesChatRequest }
  | { readonly kind: 'embed'; readonly request: EmbedRequest };
