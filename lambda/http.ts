import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorBody, HttpError, MethodNotAllowedError, toHttpError } from './errors';

/** A Function URL event (payload format 2.0). */
export type FunctionUrlEvent = APIGatewayProxyEventV2;

/** What a route returns; Middy writes everything but `body` as the streaming prelude. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string | Readable;
}

export function json(statusCode: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** Renders any error as HTTP: the single place where errors become responses. */
export function errorResponse(error: unknown): HttpResponse {
  const httpError = toHttpError(error);
  const headers: Record<string, string> = {};
  if (httpError.details.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(httpError.details.retryAfterSeconds);
  }
  if (httpError instanceof MethodNotAllowedError) headers.allow = httpError.allow.join(', ');
  return json(httpError.statusCode, errorBody(httpError), headers);
}

/**
 * A streamed body that never errors: under the nodejs24.x runtime an error raised by a piped
 * body kills the execution environment (reference G.2), so every failure after the status went
 * out is turned into a last in-band item by `onError`, and the stream always ends.
 *
 * The first item is an empty string: writing it makes the runtime send the prelude (status and
 * headers) straight away instead of at the first token (reference A.6). `Readable.from` pulls the
 * source only as fast as the response stream drains, so backpressure reaches Bedrock's stream.
 */
export function streamBody(
  source: AsyncIterable<string>,
  onError: (error: HttpError) => string,
  log: (error: HttpError) => void,
): Readable {
  async function* safe(): AsyncGenerator<string> {
    yield '';
    try {
      yield* source;
    } catch (error) {
      const httpError = toHttpError(error);
      log(httpError);
      yield onError(httpError);
    }
  }
  return Readable.from(safe(), { objectMode: true, highWaterMark: 1 });
}

export function header(event: FunctionUrlEvent, name: string): string | undefined {
  return event.headers?.[name];
}

export { HttpError };
