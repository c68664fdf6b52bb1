import type { FunctionUrlEvent } from '../http';

const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/**
 * The key a caller presented: `Authorization: Bearer KEY` (exact scheme) or `x-api-key: KEY`.
 * Keys in the query string are never read: they end up in logs and browser history.
 */
export function presentedKey(event: FunctionUrlEvent): string | undefined {
  const authorization = event.headers?.authorization;
  if (authorization !== undefined) return BEARER.exec(authorization)?.[1];
  return event.headers?.['x-api-key'];
}
