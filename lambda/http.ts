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

/** A streamed body's text, pulled a piece at a time: '' adds nothing, undefined is the end. */
export interface BodySource {
  next(): Promise<string | undefined>;
  /** Stops reading: the body was destroyed before its end. */
  cancel(): void;
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
  source: BodySource,
  onError: (error: HttpError) => string,
  log: (error: HttpError) => void,
  scope?: StreamScope,
): Readable {
  return new PullReadable(source, {
    failed: (error) => {
      const httpError = toHttpError(error);
      log(httpError);
      return { text: onError(httpError), errorType: httpError.type };
    },
    finished: (errorType) => finishQuietly(scope, errorType),
    destroyedEarly: () => {
      scope?.abort();
      source.cancel();
    },
  });
}

/** Ends the request's record; a failure to log must never become a failure of the body. */
function finishQuietly(scope: StreamScope | undefined, errorType: string | undefined): void {
  try {
    scope?.record.finish(200, errorType);
  } catch (error) {
    console.error('bedrock-proxy: could not write the request record', error);
  }
}

interface PullHooks {
  failed(error: unknown): { text: string; errorType: string };
  finished(errorType: string | undefined): void;
  destroyedEarly(): void;
}

/**
 * A Readable over a BodySource: one pull per read, so a piece is asked for only when the last
 * one was taken. Unlike Readable.from, it can cancel a pending pull.
 */
class PullReadable extends Readable {
  private started = false;
  private done = false;

  constructor(
    private readonly source: BodySource,
    private readonly hooks: PullHooks,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
  }

  override _read(): void {
    if (!this.started) {
      this.started = true;
      this.push('');
      return;
    }
    this.source.next().then(
      (text) => {
        if (this.done) return;
        if (text === undefined) this.end();
        // Nothing to write for this event: ask for the next one instead.
        else if (text === '') this._read();
        else this.push(text);
      },
      (error: unknown) => {
        if (this.done) return;
        const { text, errorType } = this.failedSafely(error);
        this.push(text);
        this.end(errorType);
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.done) {
      this.done = true;
      // Unblock a pull that waits on Bedrock, then let the stream release its connection.
      this.hooks.destroyedEarly();
      this.hooks.finished(undefined);
    }
    callback(error);
  }

  private end(errorType?: string): void {
    if (this.done) return;
    this.done = true;
    this.hooks.finished(errorType);
    this.push(null);
  }

  /** Should even rendering the error fail, end the body rather than error it (reference G.2). */
  private failedSafely(error: unknown): { text: string; errorType?: string } {
    try {
      return this.hooks.failed(error);
    } catch {
      return { text: '' };
    }
  }
}
