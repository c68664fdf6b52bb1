import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectingSink } from '../../local/runtime/collect';
import { inMemoryEvent, lambdaContext } from '../../local/runtime/event';
import { invokeStreaming, type StreamingHandler } from '../../local/runtime/invoke';
import { splitCollected } from '../../local/runtime/prelude';
import { useLocalProxy } from '../support/proxy';

// The emulator and the handler's configuration come from the local proxy; the handler is then
// invoked in-process, with no local server to add headers, as the Lambda runtime invokes it.
useLocalProxy({ API_KEYS: 'k' });

async function invoke(method: string, path: string, body?: object) {
  const { handler } = (await import('../../lambda/handler')) as { handler: StreamingHandler };
  const requestId = randomUUID();
  const event = inMemoryEvent(
    method,
    new URL(`http://localhost${path}`),
    { authorization: 'Bearer k' },
    body && JSON.stringify(body),
    requestId,
  );
  const sink = collectingSink();
  await invokeStreaming(handler, event, lambdaContext(30_000, requestId), sink);
  const { prelude } = splitCollected((await sink.done).bytes);
  return { requestId, prelude };
}

describe('x-request-id: the handler names every response with its request id (the log line’s requestId)', () => {
  it.each([
    ['an answer', 'GET', '/health', undefined, 200],
    ['a streamed answer', 'POST', '/chat', { stream: true, messages: [{ role: 'user', content: 'x' }] }, 200],
    ['an error', 'GET', '/nope', undefined, 404],
    ['a rejected body', 'POST', '/chat', { mode: 'chat' }, 400],
  ])('%s', async (_kind, method, path, body, status) => {
    const { requestId, prelude } = await invoke(method, path, body);
    expect(prelude?.statusCode).toBe(status);
    expect(prelude?.headers['x-request-id']).toBe(requestId);
  });
});
