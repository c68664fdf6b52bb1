import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from './errors';
import type { FunctionUrlEvent } from './http';

/** Longer keys are refused before any hashing. */
const MAX_KEY_LENGTH = 512;
const BEARER = /^Bearer ([\x21-\x7e]+)$/;

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** The key a caller presented: `Authorization: Bearer KEY` (exact scheme) or `x-api-key: KEY`. */
export function presentedKey(event: FunctionUrlEvent): string | undefined {
  const authorization = event.headers?.authorization;
  if (authorization !== undefined) return BEARER.exec(authorization)?.[1];
  return event.headers?.['x-api-key'];
}

/**
 * Builds a checker over the configured keys. Both sides are hashed to fixed-length digests and
 * every configured key is compared with `timingSafeEqual`, so neither the position of a match nor
 * the length of a key leaks through timing.
 */
export function apiKeyChecker(keys: readonly string[]): (event: FunctionUrlEvent) => void {
  const digests = keys.map(digest);
  return (event) => {
    const key = presentedKey(event);
    if (!key || key.length > MAX_KEY_LENGTH) throw new UnauthorizedError();
    const candidate = digest(key);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(candidate, known) || matched;
    if (!matched) throw new UnauthorizedError();
  };
}
