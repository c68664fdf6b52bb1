import { AsyncResource } from 'node:async_hooks';
import { Writable } from 'node:stream';

/** Where the bytes of a streamed response go: the local HTTP server, or a test collector. */
export interface ResponseSink {
  /** Called with each byte chunk in order; returns false to ask for backpressure. */
  write(chunk: Buffer, contentType: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  end(contentType: string): void;
  fail(error: { errorType: string; errorMessage: string }, contentType: string): void;
  /**
   * Local only: tells the stream that the HTTP client went away. AWS gives a handler no such
   * signal (reference A.3); the local server uses it to cancel Bedrock calls nobody will read.
   */
  onClientGone?(listener: () => void): void;
}

export class InvalidStreamingOperation extends Error {
  override name = 'Runtime.InvalidStreamingOperation';
}

const FORWARDED = [
  'cork',
  'destroy',
  'end',
  'uncork',
  'write',
  'addListener',
  'emit',
  'eventNames',
  'getMaxListeners',
  'listenerCount',
  'listeners',
  'off',
  'on',
  'once',
  'prependListener',
  'prependOnceListener',
  'rawListeners',
  'removeAllListeners',
  'removeListener',
  'setMaxListeners',
  'setContentType',
] as const;
const READ_WRITE = ['destroyed', 'writable', '_onBeforeFirstWrite'] as const;
const READ_ONLY = [
  'writableFinished',
  'writableObjectMode',
  'writableBuffer',
  'writableEnded',
  'writableNeedDrain',
  'writableHighWaterMark',
  'writableCorked',
  'writableLength',
] as const;

type Transport = Writable & {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;
};

/**
 * The `responseStream` a streaming handler receives, built as the runtime builds it
 * (src/ResponseStream.js): a transport whose `write` sends the prelude before the first chunk and
 * JSON-stringifies anything that is not a string or bytes, exposed through a facade that only has
 * the Writable methods and properties the runtime exposes (it is not a `stream.Writable`).
 */
export function createResponseStream(sink: ResponseSink, highWaterMark?: number) {
  let contentType = 'application/octet-stream';
  let started = false;
  const transport = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      if (sink.write(chunk, contentType)) callback();
      else sink.once('drain', () => callback());
    },
    final(callback) {
      sink.end(contentType);
      callback();
    },
  }) as Transport;

  transport.setContentType = (value: string) => {
    if (started) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    contentType = value;
  };
  const originalWrite = transport.write.bind(transport) as (chunk: unknown, ...rest: unknown[]) => boolean;
  transport.write = ((chunk: unknown, ...rest: unknown[]) => {
    const bytes = typeof chunk === 'string' || Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    if (!started && typeof transport._onBeforeFirstWrite === 'function') {
      transport._onBeforeFirstWrite((piece) => originalWrite(piece));
    }
    started = true;
    return originalWrite(bytes, ...rest);
  }) as Transport['write'];

  const facade: Record<string | symbol, unknown> = {};
  for (const name of FORWARDED) facade[name] = (transport[name] as (...args: unknown[]) => unknown).bind(transport);
  for (const name of READ_WRITE) {
    Object.defineProperty(facade, name, {
      get: () => transport[name],
      set: (value) => {
        (transport as unknown as Record<string, unknown>)[name] = value;
      },
    });
  }
  const fields = transport as unknown as Record<string, unknown>;
  for (const name of READ_ONLY) Object.defineProperty(facade, name, { get: () => fields[name] });

  // The runtime listens for its request's errors (aws-lambda-ric createResponseStream:
  // req.on('error')): an error on the stream fails the invocation, never the process.
  transport.on('error', () => undefined);
  // Bound to the invocation's async context (this runs inside it, invoke.ts): the socket's own
  // would leave the handler's 'close' listeners, and the log line they write, without its context.
  sink.onClientGone?.(
    AsyncResource.bind(() => {
      if (!transport.writableFinished) transport.destroy(new Error('client disconnected'));
    }),
  );

  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    const reason = error instanceof Error ? error : new Error(String(error));
    sink.fail({ errorType: reason.name, errorMessage: reason.message }, contentType);
    transport.destroy();
  };
  /**
   * Once `end()` was called, resolves when the stream has finished or failed. The runtime does
   * the same: before it checks `writableFinished`, it awaits the Runtime API's answer to the
   * streamed request, which comes only after the last chunk (aws-lambda-ric
   * StreamingInvokeProcessor.waitForStreamClosure). So `end()` need not be awaited.
   */
  const ended = (): Promise<void> => {
    if (!transport.writableEnded || transport.writableFinished || transport.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      transport.once('finish', resolve);
      transport.once('close', resolve);
    });
  };
  return { responseStream: facade, fail, ended, isFinished: () => transport.writableFinished };
}
