import type { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';
import { drained, endStream, type FunctionUrlEvent, type HttpResponse } from './http';

/** What the Lambda Node.js runtime installs as the `awslambda` global (reference A.1). */
interface LambdaStreaming {
  streamifyResponse<T>(handler: T): T;
  HttpResponseStream: { from(stream: Writable, prelude: Omit<HttpResponse, 'body' | 'sent'>): Writable };
}

declare const awslambda: LambdaStreaming;

type StreamingHandler = (event: FunctionUrlEvent, responseStream: Writable, context: Context) => Promise<void>;

/** Node's default highWaterMark: a longer string body is written in slices of this size. */
const SLICE = 16 * 1024;

const gone = new WeakMap<FunctionUrlEvent, AbortSignal>();

/**
 * Fires if the response stream closes before the response ended: the local server's client went
 * away. In AWS it never fires early: a handler is not told (reference A.3).
 */
export function responseGone(event: FunctionUrlEvent): AbortSignal | undefined {
  return gone.get(event);
}

/**
 * Wraps a Middy handler (standard mode) for Lambda response streaming: the status and headers
 * become the prelude, then the body is written. It does what Middy 6's `streamifyResponse: true`
 * does, except that no body goes through `Readable.from` and `pipeline()`: a string body is
 * written straight to the response stream, as Middy 7 does (Middy 7 needs Node 22), and a
 * streamed body writes itself (lambda/http.ts). `pipeline()` aborts an AbortController when it
 * finishes, which builds a DOMException with a stack trace, on every request. Like Middy, it calls
 * `awslambda.streamifyResponse` when the module loads.
 */
export function streamifyResponse(handler: (event: FunctionUrlEvent, context: Context) => Promise<HttpResponse>): StreamingHandler {
  return awslambda.streamifyResponse(async (event: FunctionUrlEvent, responseStream: Writable, context: Context) => {
    const closed = new AbortController();
    const onClose = () => {
      if (!responseStream.writableFinished) closed.abort();
    };
    if (responseStream.destroyed) onClose();
    else responseStream.once('close', onClose);
    gone.set(event, closed.signal);
    try {
      const { body, sent, ...prelude } = await handler(event, context);
      const stream = awslambda.HttpResponseStream.from(responseStream, prelude);
      try {
        if (typeof body === 'string') await writeString(stream, body);
        else await body.writeTo(stream);
      } finally {
        sent?.();
      }
    } finally {
      responseStream.off('close', onClose);
    }
  });
}

async function writeString(stream: Writable, body: string): Promise<void> {
  // At least one write, even of '': the runtime sends the prelude before the first write.
  let start = 0;
  do {
    const end = sliceEnd(body, start);
    const flowing = stream.write(body.slice(start, end));
    start = end;
    if (!flowing && start < body.length) await drained(stream);
  } while (start < body.length);
  await endStream(stream);
}

/**
 * Where the slice from `start` ends: SLICE code units on, one fewer if that would split a
 * surrogate pair (each half would be encoded alone, as U+FFFD). Middy 6 and 7 cut at exactly
 * 16384 units, so an emoji on the boundary of a long body arrived as two U+FFFD.
 */
function sliceEnd(body: string, start: number): number {
  const end = Math.min(start + SLICE, body.length);
  const last = body.charCodeAt(end - 1);
  return end < body.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
