import * as z from 'zod';
import { LIMITS } from './limits';

/** A foundation-model id, an inference-profile id or an ARN. */
export const ModelId = z
  .string()
  .min(1, 'must not be empty')
  .max(2048)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'must be a Bedrock model id, inference profile id or ARN');

const Text = z.string().max(LIMITS.textChars);
const EmbedText = z.string().min(1).max(LIMITS.embedTextChars);

const ContentPart = z.object({ type: z.literal('text').optional(), text: Text });

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([Text, z.array(ContentPart).min(1)]),
});

const Common = {
  model: ModelId.optional(),
  stream: z.boolean().default(false),
};

/** `payload` mode: a raw InvokeModel body forwarded unchanged. */
export const PayloadChatRequest = z.object({
  mode: z.literal('chat').default('chat'),
  ...Common,
  payload: z.record(z.string(), z.unknown()),
});

/** `messages` mode: the model-agnostic Converse API. */
export const MessagesChatRequest = z.object({
  mode: z.literal('chat').default('chat'),
  ...Common,
  messages: z.array(ChatMessage).min(1).max(LIMITS.messages),
  system: Text.optional(),
  max_tokens: z.number().int().positive().max(LIMITS.maxTokens).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(16)]).optional(),
});

export const EmbedRequest = z.object({
  mode: z.literal('embed'),
  model: ModelId.optional(),
  text: z.union([EmbedText, z.array(EmbedText).min(1).max(LIMITS.embedTexts)]),
  dimensions: z.number().int().positive().max(8192).optional(),
  normalize: z.boolean().optional(),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering']).optional(),
});

export type PayloadChatRequest = z.infer<typeof PayloadChatRequest>;
export type MessagesChatRequest = z.infer<typeof MessagesChatRequest>;
export type EmbedRequest = z.infer<typeof EmbedRequest>;
export type ChatMessage = z.infer<typeof ChatMessage>;

export type ChatRequest =
  | { readonly kind: 'payload'; readonly request: PayloadChatRequest }
  | { readonly kind: 'messages'; readonly request: MessagesChatRequest }
  | { readonly kind: 'embed'; readonly request: EmbedRequest };
