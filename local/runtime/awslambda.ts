import { InvokeStore } from '@aws/lambda-invoke-store';

/**
 * A local stand-in for the `awslambda` global that the Lambda Node.js runtime installs before it
 * loads the handler (aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js and
 * src/HttpResponseStream.js; reference A.1). lambda/streamify.ts calls `awslambda.streamifyResponse`
 * when lambda/handler.ts is loaded, so this must be installed before that import.
 */
export const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const DELIMITER_LENGTH = 8;

interface PreludeTarget {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;
}

/** Tags the handler the way the runtime does; it is not wrapped. */
function streamifyResponse<T extends object>(handler: T, options?: { highWaterMark?: number }): T {
  Object.defineProperty(handler, STREAMING, { value: 'response', writable: false });
  if (typeof options?.highWaterMark === 'number') {
    Object.defineProperty(handler, HIGH_WATER_MARK, { value: options.highWaterMark, writable: false });
  }
  return handler;
}

const HttpResponseStream = {
  from<T extends PreludeTarget>(stream: T, prelude: Record<string, unknown>): T {
    stream.setContentType(PRELUDE_CONTENT_TYPE);
    // JSON cannot contain a NUL byte, so 8 NULs delimit the prelude.
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(DELIMITER_LENGTH));
    };
    return stream;
  },
};

/**
 * Adds the two functions to `globalThis.awslambda`, creating it if needed. Another module may
 * have created the object already (Powertools' `@aws/lambda-invoke-store` does), so the
 * functions are added to it rather than skipped.
 */
export function installAwsLambdaGlobal(): void {
  const scope = globalThis as { awslambda?: Record<string, unknown> };
  scope.awslambda ??= {};
  const target = scope.awslambda;
  target.streamifyResponse ??= streamifyResponse;
  target.HttpResponseStream ??= HttpResponseStream;
}

/**
 * Creates `awslambda.InvokeStore` before the handler is loaded, as aws-lambda-ric 4 does
 * (LogPatch.createLogger, before UserFunctionLoader.load): Powertools throws if
 * AWS_LAMBDA_MAX_CONCURRENCY is set and the store is missing. The store's kind (one shared
 * context, or an AsyncLocalStorage) follows AWS_LAMBDA_MAX_CONCURRENCY when it is first created,
 * so set that variable first.
 */
export async function installInvokeStore(): Promise<void> {
  await InvokeStore.getInstanceAsync();
}
