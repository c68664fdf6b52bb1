import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CLIENT_CLOSED_ERROR, errorBody, type HttpError, MethodNotAllowedError, toHttpError } from './errors';

/** A Function URL event (payload format 2.0). */
export type FunctionUrlEvent = APIGatewayProxyEventV2;

/** What a route returns; everything but `body` becomes the streaming prelude (lambda/streamify.ts). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string | StreamedBody;
  /** Called once the response has been written and ended; not part of the prelude. */
  readonly sent?: () => void;
}

/** A body written as it is produced: it writes itself to the response stream and ends it. */
export interface StreamedBody {
  writeTo(stream: Writable): Promise<void>;
}

/** A response whose body is already a string, as json() builds it. */
export interface JsonResponse extends HttpResponse {
  readonly body: string;
}

export function json(statusCode: number, value: unknown, headers: Record<string, string> = {}): JsonResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** Renders any error as HTTP: the single place where errors become responses. */
export function errorResponse(error: unknown): JsonResponse {
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
  /** Stops reading: the response stream went away before the body's end. */
  cancel(): void;
}

/**
 * A streamed body that never errors: under the nodejs24.x runtime an error raised while a body
 * is written kills the execution environment (reference G.2), so every failure after the status
 * went out is turned into a last in-band item by `onError`, and the stream always ends.
 *
 * It writes to the response stream itself rather than through a Readable and `pipeline()`, whose
 * machinery cost 3–7 µs of CPU per chunk (BENCHMARKS.md, "Why the misses").
 */
export function streamBody(
  source: BodySource,
  onError: (error: HttpError) => string,
  log: (error: HttpError) => void,
  scope?: StreamScope,
): StreamedBody {
  const stop = () => {
    scope?.abort();
    source.cancel();
  };
  const hooks: PumpHooks = {
    failed: (error) => {
      const httpError = toHttpError(error);
      log(httpError);
      // Bedrock may still be sending: the failure can be ours (an event we could not read). Once
      // Bedrock's own stream has failed, this changes nothing.
      stop();
      return { text: onError(httpError), errorType: httpError.type };
    },
    finished: (errorType) => finishRecord(scope?.record, 200, errorType),
    lost: stop,
  };
  return { writeTo: (stream) => pump(source, stream, hooks) };
}

/** Ends the request's record; a failure to log must never become a failure of the response. */
export function finishRecord(record: StreamScope['record'] | undefined, status: number, errorType?: string): void {
  try {
    record?.finish(status, errorType);
  } catch (error) {
    console.error('bedrock-proxy: could not write the request record', error);
  }
}

interface PumpHooks {
  failed(error: unknown): { text: string; errorType: string };
  finished(errorType: string | undefined): void;
  /** The response stream closed before the body's end: stop Bedrock's call. */
  lost(): void;
}

/**
 * Writes `source` to `stream`, then ends it.
 *
 * - The first write is an empty string: it makes the runtime send the prelude (status and
 *   headers) straight away instead of at the first token (reference A.6).
 * - One pull per write, and none while the stream pushes back: backpressure reaches Bedrock.
 * - Should the stream close or fail first (the local server's client went away; AWS never tells,
 *   reference A.3), Bedrock's call is aborted at once, even mid-pull, and the promise rejects.
 * - The record is finished after `end()`, so logging never delays the end of the response.
 */
async function pump(source: BodySource, stream: Writable, hooks: PumpHooks): Promise<void> {
  let done = false;
  let errorType: string | undefined;
  let lost: Error | undefined;
  // Ends the current wait, for drain or for a piece, when the stream goes away.
  let wake: (() => void) | undefined;
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    hooks.finished(errorType);
  };
  const finish = (type?: string) => {
    done = true;
    errorType = type;
  };
  const onGone = (error?: Error) => {
    lost ??= error ?? streamClosed();
    if (done) return;
    // The caller did not get the whole body: its record says so, as a 499 does before the body.
    finish(CLIENT_CLOSED_ERROR);
    report();
    hooks.lost();
    wake?.();
  };
  const drainedOrGone = () =>
    new Promise<void>((resolve) => {
      const resume = () => {
        stream.off('drain', resume);
        resolve();
      };
      wake = resume;
      stream.once('drain', resume);
    });
  const pull = () =>
    new Promise<string | undefined | typeof LOST>((resolve, reject) => {
      wake = () => resolve(LOST);
      source.next().then(resolve, reject);
    });
  stream.on('error', onGone);
  stream.on('close', onGone);
  // A stream that closed before the body began (the local client left early) emits nothing more.
  if (stream.destroyed) onGone(stream.errored ?? undefined);
  try {
    let flowing = done || stream.write('');
    while (!done) {
      // A stream may take a piece within the tick and emit 'drain' before this looks: wait only
      // while it still needs one.
      if (!flowing && stream.writableNeedDrain) await drainedOrGone();
      if (done) break;
      let text: string | undefined | typeof LOST;
      try {
        text = await pull();
      } catch (error) {
        if (done) break;
        const failed = failedSafely(hooks, error);
        stream.write(failed.text);
        finish(failed.errorType);
        break;
      }
      if (text === LOST || done) break;
      if (text === undefined) finish();
      else if (text !== '') {
        flowing = stream.write(text);
        // Let the piece leave now: Node's HTTP streams (the runtime's Runtime API request, the
        // local server's response) cork on write and uncork on the next tick, which a run of
        // already-decoded events would otherwise hold off until the run ends.
        await nextTick();
      }
    }
  } finally {
    stream.off('error', onGone);
    stream.off('close', onGone);
  }
  // The record is written once the caller has the whole body, not before its last bytes.
  try {
    if (lost) throw lost;
    await endStream(stream);
  } finally {
    report();
  }
}

const LOST = Symbol('lost');

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

/** Should even rendering the error fail, end the body rather than error it (reference G.2). */
function failedSafely(hooks: PumpHooks, error: unknown): { text: string; errorType?: string } {
  try {
    return hooks.failed(error);
  } catch {
    return { text: '' };
  }
}

/** Ends a response stream; resolves once everything written has been handed on. */
export function endStream(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(resolve);
  });
}

/** Waits for `drain`; should the stream close or fail first, rejects instead of waiting forever. */
export function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.destroyed) {
      reject(streamClosed());
      return;
    }
    const settle = (error?: Error) => {
      stream.off('drain', settle);
      stream.off('close', settle);
      stream.off('error', settle);
      if (stream.destroyed || error) reject(error ?? streamClosed());
      else resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
    stream.on('error', settle);
  });
}

/** The error of a body whose response stream closed, without an error of its own, before the body's end. */
function streamClosed(): Error {
  return new Error('The response stream closed before the body ended.');
}
