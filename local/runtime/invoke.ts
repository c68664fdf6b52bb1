import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
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
 *
 * Like aws-lambda-ric 4 (Runtime.runWithInvokeContext), it runs the invocation inside the
 * `InvokeStore` with the request id: with AWS_LAMBDA_MAX_CONCURRENCY set (startLocalProxy sets
 * it) that store is an AsyncLocalStorage, so concurrent invocations each see their own context,
 * and Powertools keeps its per-invocation state (the Lambda context in log lines) there.
 */
export async function invokeStreaming(handler: StreamingHandler, event: unknown, context: Context, sink: ResponseSink): Promise<void> {
  const store = await InvokeStore.getInstanceAsync();
  const invocation = { [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId };
  return store.run(invocation, () => invoke(handler, event, context, sink));
}

async function invoke(handler: StreamingHandler, event: unknown, context: Context, sink: ResponseSink): Promise<void> {
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
