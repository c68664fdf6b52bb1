import { BadRequestError } from '../errors';

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

/**
 * Refuses (400) a parsed JSON value that nests objects or arrays more than MAX_JSON_DEPTH levels
 * deep, or holds a number beyond a double's range: `JSON.parse` reads 1e400 as Infinity, which
 * `JSON.stringify` would send on as null. `subject` names the value in the message. One loop, not
 * recursion, over every member once.
 */
export function assertJsonLimits(value: unknown, subject: string, param?: string): void {
  const refuse = (code: string, what: string) =>
    new BadRequestError(`${subject}: ${what}.`, { code, ...(param !== undefined && { param }) });
  const outOfRange = () => refuse('number_out_of_range', 'a number beyond the range of a double (±1.8e308)');
  if (typeof value === 'number' && !Number.isFinite(value)) throw outOfRange();
  if (value === null || typeof value !== 'object') return;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > MAX_JSON_DEPTH) throw refuse('too_deeply_nested', `objects or arrays nested more than ${MAX_JSON_DEPTH} levels deep`);
    for (const child of Object.values(item as object)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
      else if (typeof child === 'number' && !Number.isFinite(child)) throw outOfRange();
    }
  }
}
