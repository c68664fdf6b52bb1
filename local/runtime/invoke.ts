import type { Context } from 'aws-lambda';
import { HIGH_WATER_MARK, STREAMING } from './awslambda';
import { createResponseStream, InvalidStreamingOperation, type ResponseSink } from './response-stream';

export type StreamingHandler = ((event: unknown, responseStream: unknown, context: Context) => unknown) & {
  [STREAMING]?: string;
  [HIGH_WATER_MARK]?: number;
};

/**
 * Runs one invocation of a streaming handler as the runtime does (src/UserFunction.js): the
 * handler must return a promise; its value is ignored; once it settles and an ended stream has
 * finished, the stream must be finished; a rejection is reported as the runtime's error trailers
 * (here: `sink.fail`). One simplification: a stream never ended fails at once, where the runtime
 * would wait for the Runtime API until the function times out.
 */
export async function invokeStreaming(handler: StreamingHandler, event: unknown, context: Context, sink: ResponseSink): Promise<void> {
  if (handler[STREAMING] !== 'response') {
    throw new InvalidStreamingOperation('The handler is not wrapped with awslambda.streamifyResponse.');
  }
  const { responseStream, fail, ended, isFinished } = createResponseStream(sink, handler[HIGH_WATER_MARK]);
  try {
    const result = handler(event, responseStream, context);
    if (typeof (result as Promise<unknown> | undefined)?.then !== 'function') {
      throw new InvalidStreamingOperation('Streaming does not support non-async handlers.');
    }
    await result;
    await ended();
    if (!isFinished()) throw new InvalidStreamingOperation('Response stream is not finished.');
  } catch (error) {
    fail(error);
  }
}
