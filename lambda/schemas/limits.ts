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

/** What a parsed JSON value breaks beyond its schema (`jsonLimitExceeded`). */
export type JsonLimit = 'too_deeply_nested' | 'number_out_of_range';

/**
 * Whether `value` nests objects or arrays more than `max` levels deep, or holds a number beyond a
 * double's range: `JSON.parse` reads 1e400 as Infinity, which `JSON.stringify` would send on as
 * null. One loop, not recursion, over every member once.
 */
export function jsonLimitExceeded(value: unknown, max: number): JsonLimit | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'number_out_of_range';
  if (value === null || typeof value !== 'object') return undefined;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > max) return 'too_deeply_nested';
    for (const child of Object.values(item as object)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
      else if (typeof child === 'number' && !Number.isFinite(child)) return 'number_out_of_range';
    }
  }
  return undefined;
}
