import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { collectingSink } from '../local/runtime/collect';
import { type FunctionUrlRequestEvent, inMemoryEvent, lambdaContext } from '../local/runtime/event';
import { invokeStreaming, type StreamingHandler } from '../local/runtime/invoke';
import { splitCollected } from '../local/runtime/prelude';
import { API_KEY } from './fixtures';
import { answerWatcher, type Timing } from './timing';

const CHAT_URL = new URL('https://bench.lambda-url.us-east-1.on.aws/chat');

/** The payload 2.0 event a Function URL would send for `POST /chat` with this body. */
export function chatEvent(body: string): FunctionUrlRequestEvent {
  return inMemoryEvent('POST', CHAT_URL, { 'x-api-key': API_KEY, 'user-agent': 'bedrock-proxy-bench' }, body, randomUUID());
}

/** Invokes the handler as the runtime would, with no HTTP hop, and times it until its response ends. */
export async function invokeTimed(handler: StreamingHandler, body: string): Promise<Timing> {
  const start = performance.now();
  const watcher = answerWatcher(start);
  const sink = collectingSink((chunk) => watcher.see(chunk));
  const invocation = invokeStreaming(handler, chatEvent(body), lambdaContext(300_000), sink);
  // The caller's response is over when the response stream ends (the runtime's request to the
  // Runtime API ends, and the Function URL ends the caller's response); what the handler still does
  // after that (our log line and EMF record) delays the next invocation, not this answer. The next
  // call still waits for the whole invocation, as the runtime does before it takes the next event.
  // The invocation is in the race only for its rejection (the stand-in's invoke store failing
  // before the handler ran, when no sink would ever end): the exchange then fails at once.
  const response = await Promise.race([sink.done, invocation.then(() => sink.done)]);
  const totalMs = performance.now() - start;
  await invocation;
  const status = response.error ? 502 : (splitCollected(response.bytes).prelude?.statusCode ?? 200);
  return {
    status,
    firstChunkMs: watcher.at,
    totalMs,
    bytes: response.bytes.length,
    errorSeen: watcher.errorSeen,
    complete: watcher.complete,
  };
}
