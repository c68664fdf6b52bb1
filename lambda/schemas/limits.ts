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

/**
 * Deeper than this, a body is refused. Bedrock payloads and tool schemas nest a dozen levels;
 * a few thousand overflow the stack when the SDK serializes them, which would be reported as
 * Bedrock's failure.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays more than `max` levels deep; a loop, not recursion. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > max) return true;
    for (const child of Object.values(item as object)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
