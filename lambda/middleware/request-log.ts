import { randomUUID } from 'node:crypto';
import { toHttpError } from '../errors';
import type { FunctionUrlEvent } from '../http';
import { type RecordSinks, RequestRecord } from '../observability/request-record';
import type { ProxyMiddleware } from './types';

const records = new WeakMap<FunctionUrlEvent, RequestRecord>();

export function recordOf(event: FunctionUrlEvent): RequestRecord | undefined {
  return records.get(event);
}

/**
 * Starts a RequestRecord for every request and finishes it for string responses; a streamed
 * body finishes its own record when the stream ends (Middy runs `after` before the body is read).
 */
export function requestLog(sinks: RecordSinks): ProxyMiddleware {
  return {
    name: 'requestLog',
    before: (request) => {
      const { event, context } = request;
      const requestId = context.awsRequestId ?? event.requestContext?.requestId ?? randomUUID();
      const route = `${event.requestContext?.http?.method ?? '?'} ${event.rawPath ?? '?'}`;
      records.set(event, new RequestRecord(sinks, requestId, route));
    },
    after: (request) => {
      const response = request.response;
      if (response && typeof response.body === 'string') records.get(request.event)?.finish(response.statusCode);
    },
    onError: (request) => {
      const error = toHttpError(request.error);
      records.get(request.event)?.finish(request.response?.statusCode ?? error.statusCode, error.type);
    },
  };
}
