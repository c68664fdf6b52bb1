import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorBody, type HttpError, MethodNotAllowedError, toHttpError } from './errors';

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

/** What a streamed body needs from its request: to end the record, and to cancel Bedrock. */
export interface StreamScope {
  readonly record: { finish(status: number, errorType?: string): void };
  abort(): void;
}

/**
 * A streamed body that never errors: under the nodejs24.x runtime an error raised by a piped
 * body kills the execution environment (reference G.2), so every failure after the status went
 * out is turned into a last in-band item by `onError`, and the stream always ends.
 *
 * The first item is an empty string: writing it makes the runtime send the prelude (status and
 * headers) straight away instead of at the first token (reference A.6). The source is pulled
 * only as fast as the response stream drains, so backpressure reaches Bedrock's stream. When the
 * body is destroyed early (the local server's client went away), Bedrock's call is aborted.
 */
export function streamBody(
  source: AsyncIterable<string>,
  onError: (error: HttpError) => string,
  log: (error: HttpError) => void,
  scope?: StreamScope,
): Readable {
  async function* safe(): AsyncGenerator<string> {
    yield '';
    let errorType: string | undefined;
    try {
      yield* source;
    } catch (error) {
      const httpError = toHttpError(error);
      errorType = httpError.type;
      log(httpError);
      yield onError(httpError);
    } finally {
      finishQuietly(scope, errorType);
    }
  }
  return new PullReadable(safe(), () => scope?.abort());
}

/** Ends the request's record; a failure to log must never become a failure of the body. */
function finishQuietly(scope: StreamScope | undefined, errorType: string | undefined): void {
  try {
    scope?.record.finish(200, errorType);
  } catch (error) {
    console.error('bedrock-proxy: could not write the request record', error);
  }
}

/** A Readable over an async iterator that, unlike Readable.from, can cancel a pending pull. */
class PullReadable extends Readable {
  constructor(
    private readonly source: AsyncIterator<string>,
    private readonly onEarlyDestroy: () => void,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
  }

  private done = false;

  override _read(): void {
    this.source.next().then(
      (result) => {
        if (result.done) {
          this.done = true;
          this.push(null);
        } else {
          this.push(result.value);
        }
      },
      // The source catches its own failures; should one slip through, end the body rather than
      // error it, since an erroring body kills the execution environment (reference G.2).
      () => {
        this.done = true;
        this.push(null);
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.done) {
      // Unblock a pull that waits on Bedrock, then let the iterator run its cleanup.
      this.onEarlyDestroy();
      void this.source.return?.(undefined).catch(() => undefined);
    }
    callback(error);
  }
}
