import { Readable } from 'node:stream';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { installAwsLambdaGlobal, PRELUDE_CONTENT_TYPE } from '../../local/runtime/awslambda';
import { collectingSink } from '../../local/runtime/collect';
import { lambdaContext } from '../../local/runtime/event';
import { invokeStreaming, type StreamingHandler } from '../../local/runtime/invoke';
import { splitCollected } from '../../local/runtime/prelude';

type Stream = NodeJS.WritableStream & { setContentType(type: string): void };
declare const awslambda: {
  streamifyResponse: (handler: (event: unknown, stream: Stream) => unknown) => StreamingHandler;
  HttpResponseStream: { from: (stream: Stream, prelude: object) => Stream };
};

const run = async (handler: StreamingHandler) => {
  const sink = collectingSink();
  await invokeStreaming(handler, {}, lambdaContext(1000), sink);
  return sink.done;
};

describe('the local runtime stand-in', () => {
  it('writes the prelude, 8 NUL bytes, then the body (RIC HttpResponseStream)', async () => {
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      const http = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'x-a': 'b' } });
      http.write('hello ');
      http.end('world');
    });
    const response = await run(handler);
    expect(response.contentType).toBe(PRELUDE_CONTENT_TYPE);
    const prelude = Buffer.from(JSON.stringify({ statusCode: 201, headers: { 'x-a': 'b' } }));
    expect(response.bytes).toEqual(Buffer.concat([prelude, Buffer.alloc(8), Buffer.from('hello world')]));
  });

  it('sends the prelude on an empty first write', async () => {
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      awslambda.HttpResponseStream.from(stream, { statusCode: 200 }).write('');
      stream.end();
    });
    const response = await run(handler);
    expect(response.bytes.toString()).toBe(`{"statusCode":200}${'\0'.repeat(8)}`);
  });

  it('JSON-encodes a written object, as the runtime does', async () => {
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      stream.write({ a: 1 } as unknown as string);
      stream.end();
    });
    expect((await run(handler)).bytes.toString()).toBe('{"a":1}');
  });

  it('refuses a handler that does not return a promise', async () => {
    const handler = awslambda.streamifyResponse(() => undefined);
    expect((await run(handler)).error?.errorMessage).toBe('Streaming does not support non-async handlers.');
  });

  it('waits for a stream the handler ended but did not wait for, as the runtime does', async () => {
    const failures: unknown[] = [];
    const sink = collectingSink();
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      stream.write('done');
      stream.end();
    });
    await invokeStreaming(handler, {}, lambdaContext(1000), { ...sink, fail: (error) => void failures.push(error) });
    expect((await sink.done).bytes.toString()).toBe('done');
    expect(failures).toEqual([]);
  });

  it('fails an invocation that leaves the stream open', async () => {
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      stream.write('partial');
    });
    const response = await run(handler);
    expect(response.error?.errorMessage).toBe('Response stream is not finished.');
    expect(response.bytes.toString()).toBe('partial');
  });

  it('refuses setContentType after the first write', async () => {
    let thrown: unknown;
    const handler = awslambda.streamifyResponse(async (_event, stream) => {
      stream.write('x');
      try {
        stream.setContentType('text/plain');
      } catch (error) {
        thrown = error;
      }
      stream.end();
    });
    await run(handler);
    expect(thrown).toMatchObject({ message: 'Cannot set content-type, too late.' });
  });

  it('runs a Middy 6 streamified handler and its Readable body', async () => {
    const handler = middy({ streamifyResponse: true }).handler(async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: Readable.from(['a', 'b']),
    })) as unknown as StreamingHandler;
    const response = await run(handler);
    const { prelude, body } = splitCollected(response.bytes);
    expect(prelude?.statusCode).toBe(200);
    expect(body.toString()).toBe('ab');
  });

  it('installs into an awslambda object another module created first', () => {
    const scope = globalThis as { awslambda?: Record<string, unknown> };
    const original = scope.awslambda;
    try {
      scope.awslambda = { invokeStore: true };
      installAwsLambdaGlobal();
      expect(scope.awslambda).toMatchObject({
        invokeStore: true,
        streamifyResponse: expect.any(Function),
        HttpResponseStream: expect.any(Object),
      });
    } finally {
      scope.awslambda = original;
    }
  });
});
