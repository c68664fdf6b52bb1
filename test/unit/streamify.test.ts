import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { type FunctionUrlEvent, type HttpResponse, streamBody } from '../../lambda/http';
import { streamifyResponse } from '../../lambda/streamify';
import type { CollectedResponse } from '../../local/runtime/collect';
import { collectingSink } from '../../local/runtime/collect';
import { lambdaContext } from '../../local/runtime/event';
import { invokeStreaming, type StreamingHandler } from '../../local/runtime/invoke';
import { splitCollected } from '../../local/runtime/prelude';
import type { ResponseSink } from '../../local/runtime/response-stream';

const EVENT = {} as FunctionUrlEvent;

declare const awslambda: { HttpResponseStream: { from(stream: Writable, prelude: object): Writable } };

async function invoke(response: HttpResponse | Error, sink: ResponseSink & { done: Promise<CollectedResponse> } = collectingSink()) {
  const handler = streamifyResponse(async (_event: FunctionUrlEvent, _context: Context) => {
    if (response instanceof Error) throw response;
    return response;
  }) as unknown as StreamingHandler;
  await invokeStreaming(handler, EVENT, lambdaContext(1000), sink);
  const collected = await sink.done;
  const { prelude, body } = splitCollected(collected.bytes);
  return { prelude, body: body.toString('utf8'), error: collected.error };
}

/**
 * A sink that refuses every chunk at first, counting the writes. After each write, `afterWrite`
 * runs; by default it drains on the next turn.
 */
function slowSink(afterWrite: (writes: number, drain: () => void) => void = (_, drain) => setImmediate(drain)) {
  const inner = collectingSink();
  const emitter = new EventEmitter();
  let writes = 0;
  const sink: ResponseSink & { done: Promise<CollectedResponse> } = {
    ...inner,
    write: (chunk, contentType) => {
      writes += 1;
      inner.write(chunk, contentType);
      afterWrite(writes, () => emitter.emit('drain'));
      return false;
    },
    once: (event, listener) => emitter.once(event, listener),
  };
  return { sink, writes: () => writes };
}

describe('streamifyResponse (lambda/streamify.ts)', () => {
  it('writes status and headers as the prelude, then a string body', async () => {
    const result = await invoke({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(result.prelude).toMatchObject({ statusCode: 201, headers: { 'content-type': 'application/json' } });
    expect(result.body).toBe('{"ok":true}');
    expect(result.error).toBeUndefined();
  });

  it('sends the prelude for an empty body', async () => {
    const result = await invoke({ statusCode: 204, headers: { allow: 'GET' }, body: '' });
    expect(result.prelude).toMatchObject({ statusCode: 204, headers: { allow: 'GET' } });
    expect(result.body).toBe('');
  });

  it('writes a long string body whole, in slices, to a stream that pushes back', async () => {
    // Every 10-character cell is distinct, so a lost, repeated or reordered slice shows.
    const body = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(10, '.')).join('');
    const { sink, writes } = slowSink();
    const result = await invoke({ statusCode: 200, headers: {}, body }, sink);
    expect(result.body).toBe(body);
    // The prelude's two writes, then 100,000 characters in seven 16 KB slices.
    expect(writes()).toBe(9);
  });

  it('gives up on a long string body, instead of waiting for drain forever, when the stream closes while pushing back', async () => {
    // The stream is destroyed without an error while it pushes back: no 'drain' will ever come.
    let stream: Writable | undefined;
    const from = awslambda.HttpResponseStream.from;
    const spy = vi.spyOn(awslambda.HttpResponseStream, 'from').mockImplementation((responseStream, prelude) => {
      stream = from(responseStream, prelude);
      return stream;
    });
    // The sink never drains; once the handler is waiting for it, the stream goes away.
    const { sink, writes } = slowSink((count) => {
      if (count === 1) setImmediate(() => stream?.destroy());
    });
    try {
      const result = await invoke({ statusCode: 200, headers: {}, body: 'x'.repeat(100_000) }, sink);
      expect(result.error).toMatchObject({ errorMessage: 'The response stream closed before the body ended.' });
      // The prelude's first piece reached the sink; the body's first slice waited in the stream.
      expect(writes()).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('never splits a character across slices, even a surrogate pair', async () => {
    // The emoji's two UTF-16 units straddle the first 16 KB boundary; é and € span bytes.
    const body = `${'a'.repeat(16 * 1024 - 1)}😀é€${'z'.repeat(16 * 1024)}😀`;
    const result = await invoke({ statusCode: 200, headers: {}, body });
    expect(result.body).toBe(body);
  });

  it('writes a streamed body through the response stream, with the prelude first', async () => {
    const pieces = ['a', 'b', 'c'];
    const source = { next: async () => pieces.shift(), cancel: () => undefined };
    const body = streamBody(
      source,
      () => 'error',
      () => undefined,
    );
    const result = await invoke({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body });
    expect(result.prelude).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/plain' } });
    expect(result.body).toBe('abc');
    expect(result.error).toBeUndefined();
  });

  it('calls the response `sent` callback once the body has been written and the stream ended', async () => {
    const sink = collectingSink();
    let ended = false;
    const watched = {
      ...sink,
      end: (contentType: string) => {
        ended = true;
        sink.end(contentType);
      },
    };
    const seen: boolean[] = [];
    const result = await invoke({ statusCode: 200, headers: {}, body: 'done', sent: () => void seen.push(ended) }, watched);
    expect(result.body).toBe('done');
    expect(seen).toEqual([true]);
  });

  it('rejects as the handler does, so the runtime reports the failure', async () => {
    const result = await invoke(new Error('wiring bug'));
    expect(result.error).toMatchObject({ errorMessage: 'wiring bug' });
  });
});
