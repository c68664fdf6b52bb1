import { CORS_HEADERS } from '../lib/cors';

/** Function URL CORS, applied locally with the same rules the deployed URL's config applies. */
export interface CorsRules {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export function corsRules(allowedOrigins: readonly string[]): CorsRules {
  return {
    allowedOrigins,
    allowedMethods: ['GET', 'POST'],
    allowedHeaders: CORS_HEADERS.allowed,
    exposedHeaders: CORS_HEADERS.exposed,
    maxAgeSeconds: CORS_HEADERS.maxAgeSeconds,
  };
}

function allowedOrigin(rules: CorsRules, origin: string | undefined): string | undefined {
  if (!origin || rules.allowedOrigins.length === 0) return undefined;
  if (rules.allowedOrigins.includes('*')) return '*';
  return rules.allowedOrigins.includes(origin) ? origin : undefined;
}

/**
 * `Vary: Origin` whenever the answer depends on the origin, that is with a list of origins: on the
 * answers to other origins and to none too, so that a shared cache never serves one origin's
 * answer to another.
 */
function vary(rules: CorsRules): Record<string, string> {
  return rules.allowedOrigins.length > 0 && !rules.allowedOrigins.includes('*') ? { vary: 'Origin' } : {};
}

/** Headers for an actual (non-preflight) response; only `Vary` when the origin is not allowed. */
export function corsHeaders(rules: CorsRules, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(rules, origin);
  if (!allowed) return vary(rules);
  return {
    'access-control-allow-origin': allowed,
    'access-control-expose-headers': rules.exposedHeaders.join(', '),
    ...vary(rules),
  };
}

/** A preflight is answered by the URL itself, without invoking the function. */
export function isPreflight(method: string | undefined, headers: Record<string, unknown>): boolean {
  return method === 'OPTIONS' && typeof headers.origin === 'string' && typeof headers['access-control-request-method'] === 'string';
}

export function preflightHeaders(rules: CorsRules, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(rules, origin);
  if (!allowed) return vary(rules);
  return {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': rules.allowedMethods.join(', '),
    'access-control-allow-headers': rules.allowedHeaders.join(', '),
    'access-control-max-age': String(rules.maxAgeSeconds),
    ...vary(rules),
  };
}
