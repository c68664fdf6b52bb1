import type { HttpResponse } from '../http';

/**
 * Only this origin: the pages load their script and style from here (no inline code, so no
 * 'unsafe-inline'), fetch only from here, and may not be framed, post forms or change their base.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A page, script, style or document served to browsers. `no-cache` makes browsers revalidate,
 * so a deployment's new page never runs with the previous script.
 */
export function asset(contentType: string, body: string): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
    body,
  };
}
