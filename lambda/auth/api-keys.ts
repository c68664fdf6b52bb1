import { createHash, timingSafeEqual } from 'node:crypto';
import { MODEL_ID_PATTERN, MODEL_ID_RULE } from '../../lib/model-id';
import * as z from '../schemas/zod';

/** A key the proxy accepts, known only by its SHA-256 digest. */
export interface ApiKey {
  readonly name: string;
  readonly digest: Buffer;
  readonly enabled: boolean;
  /** Models this key may use; absent means every model the deployment allows. */
  readonly models?: readonly string[];
}

/** Who is calling, once authenticated; the key itself is never kept. */
export interface Caller {
  readonly name: string;
  readonly models?: readonly string[];
}

/** Longer keys are refused before any hashing. */
export const MAX_KEY_LENGTH = 512;

/**
 * A key a client can present (presented-key.ts): one token of visible ASCII. Header values are
 * bytes, which Node reads as Latin-1, so a non-ASCII key would match only a client that sends it
 * in Latin-1, never one that sends UTF-8. A configured key outside this could never authenticate.
 */
export const KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${MAX_KEY_LENGTH}}$`);
export const KEY_RULE = `must be 1–${MAX_KEY_LENGTH} characters of visible ASCII (no spaces or control characters)`;
const Key = z.string().check(z.regex(KEY_PATTERN, KEY_RULE));

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const Entry = z.union([
  Key,
  z
    .object({
      key: z.optional(Key),
      sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be 64 hex digits'))),
      enabled: z._default(z.boolean(), true),
      // A request's `model` must fit this pattern, so an entry outside it could never match one.
      models: z.optional(z.array(z.string().check(z.regex(MODEL_ID_PATTERN, `must be a model id or alias (${MODEL_ID_RULE})`)))),
    })
    .check(z.refine((entry) => (entry.key === undefined) !== (entry.sha256 === undefined), 'needs exactly one of "key" or "sha256"')),
]);

/**
 * Reads the API-key secret: a JSON object from key name to either the key itself (the form the
 * stack generates) or `{ "key" | "sha256", "enabled"?, "models"? }`.
 */
export function parseKeyFile(value: unknown): ApiKey[] {
  const file = z.record(z.string().check(z.minLength(1)), Entry).parse(value);
  return Object.entries(file).map(([name, entry]) => {
    if (typeof entry === 'string') return { name, digest: sha256(entry), enabled: true };
    const digest = entry.key !== undefined ? sha256(entry.key) : Buffer.from(entry.sha256 ?? '', 'hex');
    return { name, digest, enabled: entry.enabled, ...(entry.models && { models: entry.models }) };
  });
}

/** `API_KEYS=a,b` for local use: named by position. */
export function keysFromList(keys: readonly string[]): ApiKey[] {
  return keys.map((key, index) => ({ name: `key-${index + 1}`, digest: sha256(key), enabled: true }));
}

/**
 * Finds the key a caller presented. Every configured digest is compared with `timingSafeEqual`
 * over fixed-length digests, with no early exit, so timing reveals neither which key matched
 * nor how long any key is. A key revoked under one name is revoked under every name it has.
 */
export function matchKey(keys: readonly ApiKey[], presented: string | undefined): Caller | undefined {
  if (!presented || presented.length > MAX_KEY_LENGTH) return undefined;
  const candidate = sha256(presented);
  let found: ApiKey | undefined;
  let revoked = false;
  for (const key of keys) {
    if (!timingSafeEqual(candidate, key.digest)) continue;
    if (key.enabled) found = key;
    else revoked = true;
  }
  return found && !revoked ? { name: found.name, ...(found.models && { models: found.models }) } : undefined;
}
