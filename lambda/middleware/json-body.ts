import httpJsonBodyParser from '@middy/http-json-body-parser';
import { BadRequestError, PayloadTooLargeError } from '../errors';
import { routeOf } from './resolve-route';
import type { ProxyMiddleware, ProxyRequest } from './types';

function bodyBytes(request: ProxyRequest): number {
  const { body, isBase64Encoded } = request.event;
  if (body === undefined) return 0;
  return isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body, 'utf8');
}

/**
 * Enforces the body limit (413), then parses JSON with @middy/http-json-body-parser. That parser
 * answers malformed JSON with 415; a malformed body is the caller's bad request, so it becomes 400.
 * The content type is not checked: the original proxy accepted any, and `curl -d` sends a form type.
 */
export function jsonBody(options: { maxBytes: number }): ProxyMiddleware {
  // disableContentTypeCheck exists in the 6.x code but not in its type definitions.
  const parser = httpJsonBodyParser({ disableContentTypeCheck: true } as Parameters<typeof httpJsonBodyParser>[0]);
  return {
    name: 'jsonBody',
    before: async (request) => {
      if (!routeOf(request.event)?.body) return;
      if (bodyBytes(request) > options.maxBytes) throw new PayloadTooLargeError(options.maxBytes);
      if (!request.event.body) {
        throw new BadRequestError('The request body is empty; send a JSON object.', { code: 'missing_body' });
      }
      try {
        await parser.before?.(request);
      } catch (cause) {
        throw new BadRequestError('The request body is not valid JSON.', { code: 'malformed_json', cause });
      }
    },
  };
}
