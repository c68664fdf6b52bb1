import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { HttpError } from '../lambda/errors';

/**
 * What the local server refuses when it checks no credentials (no API keys, or AUTH_MODE=iam, whose
 * signatures only a Function URL checks). Any web page its user visits could otherwise use it: a
 * "simple" cross-origin POST needs no preflight (and the proxy reads JSON whatever its
 * content type), and through DNS rebinding a page of another name reaches the loopback address
 * and reads the answers too; with `BEDROCK_BACKEND=aws` both spend on the user's own AWS account.
 * So such a server takes only a Host that names it by address, `localhost` or the host it was
 * started on, and a browser's `Origin` only if it is the server's own or in ALLOWED_ORIGINS.
 */
export function unauthenticatedRefusal(
  headers: IncomingHttpHeaders,
  allowedOrigins: readonly string[],
  listenHost: string | undefined,
): HttpError | undefined {
  const host = headers.host?.toLowerCase();
  if (host !== undefined && !isOwnName(hostname(host), listenHost)) {
    return new HttpError(403, 'permission_error', `This local proxy does not answer to the host name "${hostname(host)}".`, {
      code: 'host_not_allowed',
    });
  }
  const origin = headers.origin;
  if (origin === undefined || allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return undefined;
  if (host !== undefined && originHost(origin) === host) return undefined;
  return new HttpError(403, 'permission_error', `Requests from pages at ${origin} are not allowed (ALLOWED_ORIGINS).`, {
    code: 'origin_not_allowed',
  });
}

/** `host[:port]` without the port; an IPv6 address without its brackets. */
function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function isOwnName(name: string, listenHost: string | undefined): boolean {
  return isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || name === listenHost?.toLowerCase();
}

/** The `host[:port]` of an Origin as a Host header would say it, or undefined for `null` and the like. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
