/**
 * The Function URL's CORS headers, in one place: the stack configures the URL with them and the
 * local server (local/cors.ts) applies the same rules.
 */
export const CORS_HEADERS = {
  /**
   * What a browser may send: the body's type, either key header, and what the OpenAI JS SDK adds
   * to every request (its `X-Stainless-*` platform headers and the optional OpenAI ones): without
   * them its preflight fails and a page cannot use the SDK by changing only its base URL.
   */
  allowed: [
    'content-type',
    'authorization',
    'x-api-key',
    'x-requested-with',
    'x-stainless-arch',
    'x-stainless-lang',
    'x-stainless-os',
    'x-stainless-package-version',
    'x-stainless-runtime',
    'x-stainless-runtime-version',
    'x-stainless-retry-count',
    'x-stainless-timeout',
    'x-stainless-helper-method',
    'openai-organization',
    'openai-project',
    'openai-beta',
  ],
  /** What a page may read: the request id, when to retry, the embedding cache's outcome, a 405's methods. */
  exposed: ['x-request-id', 'retry-after', 'x-cache', 'allow'],
  maxAgeSeconds: 3600,
} as const;

/**
 * An origin as a browser sends it in `Origin`: "*", or scheme://host[:port] with a lower-case
 * scheme and host and no default port (`http://Example.com:80` is sent as `http://example.com`).
 * Undefined for anything else (a path, no scheme). CORS compares origins as strings, so one
 * written otherwise would never match. The stack and the local server's ALLOWED_ORIGINS both use it.
 */
export function originAsSent(origin: string): string | undefined {
  if (origin === '*') return origin;
  if (!/^https?:\/\/[^\s/,]+$/.test(origin) || !URL.canParse(origin)) return undefined;
  return new URL(origin).origin;
}
