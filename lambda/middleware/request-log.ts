import { randomUUID } from 'node:crypto';
import { toHttpError } from '../errors';
import { type FunctionUrlEvent, finishRecord, type HttpResponse } from '../http';
import { type RecordSinks, RequestRecord } from '../observability/request-record';
import type { ProxyMiddleware } from './types';

const records = new WeakMap<FunctionUrlEvent, RequestRecord>();

export function recordOf(event: FunctionUrlEvent): RequestRecord | undefined {
  return records.get(event);
}

function finishWhenSent(response: HttpResponse, record: RequestRecord, errorType?: string): HttpResponse {
  return { ...response, sent: () => finishRecord(record, response.statusCode, errorType) };
}

/** Every response names its request as its log line does, so a caller can quote it. */
function withRequestId(response: HttpResponse, record: RequestRecord): HttpResponse {
  return { ...response, headers: { ...response.headers, 'x-request-id': record.requestId } };
}

/**
 * Starts a RequestRecord for every request and finishes it once a string response has been sent
 * (HttpResponse.sent), so the log line and the metrics never delay the response; a streamed body
 * finishes its own record when it has ended (Middy runs `after` before the body is written).
 * Every response gets the record's id as `x-request-id`.
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
      const { response } = request;
      const record = records.get(request.event);
      if (!response || !record) return;
      const named = withRequestId(response, record);
      request.response = typeof named.body === 'string' ? finishWhenSent(named, record) : named;
    },
    onError: (request) => {
      const error = toHttpError(request.error);
      const { response } = request;
      const record = records.get(request.event);
      // renderErrors (inside this middleware, so its onError ran first) has set the response.
      if (response && record) request.response = finishWhenSent(withRequestId(response, record), record, error.type);
      else finishRecord(record, error.statusCode, error.type);
    },
  };
}
