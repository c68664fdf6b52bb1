import type { FunctionUrlEvent } from '../http';

/** The scheme is case-insensitive (RFC 9110 §11.1); the key is one token of visible ASCII. */
const BEARER = /^bearer +([\x21-\x7e]+) *$/i;

/**
 * The key a caller presented: `x-api-key: KEY`, or else `Authorization: Bearer KEY`. With both,
 * `x-api-key` is the one read: an `Authorization` header may be meant for something else (a
 * gateway in front, a browser's Basic credentials). Keys in the query string are never read:
 * they end up in logs and browser history.
 */
export function presentedKey(event: FunctionUrlEvent): string | undefined {
  const apiKey = event.headers?.['x-api-key'];
  if (apiKey !== undefined) return apiKey;
  const authorization = event.headers?.authorization;
  return authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
}
