/**
 * Caps on what one request may ask for, beyond MAX_BODY_BYTES (413). Each violation is a 400
 * that names the field. They keep a single caller from tying up an instance or a Bedrock quota.
 */
export const LIMITS = {
  /** Messages in one chat request. */
  messages: 500,
  /** Characters in one message's text, or in the system prompt. */
  textChars: 500_000,
  /** Texts in one embedding request. */
  embedTexts: 256,
  /** Characters in one text to embed. */
  embedTextChars: 50_000,
  /** The largest max_tokens a caller may ask for. */
  maxTokens: 128_000,
} as const;
