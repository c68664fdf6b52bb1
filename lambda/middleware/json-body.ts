import httpJsonBodyParser from '@middy/http-json-body-parser';
import { BadRequestError, PayloadTooLargeError, UnsupportedEncodingError } from '../errors';
import { assertJsonLimits } from '../schemas/limits';
import { routeOf } from './resolve-route';
import type { ProxyMiddleware, ProxyRequest } from './types';

function bodyBytes(request: ProxyRequest): number {
  const { body, isBase64Encoded } = request.event;
  if (body === undefined) return 0;
  return isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body, 'utf8');
}

/**
 * Drops a UTF-8 byte order mark before the JSON: `JSON.parse` refuses it, and the original
 * proxy's parser (Python's `json.loads` on the request's bytes) skipped it.
 */
function skipByteOrderMark(request: ProxyRequest): void {
  const { body, isBase64Encoded } = request.event;
  if (body === undefined) return;
  // Only the head is looked at; a body is decoded whole only when it starts with the mark.
  const head = isBase64Encoded ? Buffer.from(body.slice(0, 4), 'base64').toString('utf8') : body;
  if (head.charCodeAt(0) !== 0xfeff) return;
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  request.event.body = text.slice(1);
  request.event.isBase64Encoded = false;
}

/**
 * Enforces the body limit (413), refuses a compressed body (415: it would only read as malformed
 * JSON), skips a UTF-8 byte order mark, parses JSON with
 * @middy/http-json-body-parser and refuses a body nested deeper than MAX_JSON_DEPTH or with a number
 * beyond a double's range (400). That parser answers malformed JSON with 415; a malformed body is
 * the caller's bad request, so it becomes 400.
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
      const encoding = request.event.headers?.['content-encoding']?.trim().toLowerCase();
      if (encoding && encoding !== 'identity') throw new UnsupportedEncodingError(encoding);
      if (!request.event.body) {
        throw new BadRequestError('The request body is empty; send a JSON object.', { code: 'missing_body' });
      }
      skipByteOrderMark(request);
      try {
        await parser.before?.(request);
      } catch (cause) {
        throw new BadRequestError('The request body is not valid JSON.', { code: 'malformed_json', cause });
      }
      assertJsonLimits(request.event.body, 'The request body');
    },
  };
}
