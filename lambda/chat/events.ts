import { bedrockFailure, HttpError } from '../errors';
import type { Usage } from '../models/text-families';

export type { Usage };

/** A finished, non-streamed answer in family-neutral terms. */
export interface ChatResult {
  readonly text: string;
  readonly usage: Usage;
  readonly stopReason: string | null;
}

/**
 * What a streamed answer is made of, whichever Bedrock API produced it. The /chat NDJSON writer
 * uses text and end; richer consumers also get reasoning and tool-call pieces.
 */
export type ChatEvent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'tool-start'; readonly index: number; readonly id: string; readonly name: string }
  | { readonly type: 'tool-delta'; readonly index: number; readonly input: string }
  | { readonly type: 'end'; readonly usage: Usage; readonly stopReason: string | null };

/**
 * Waits for Bedrock's first event (messageStart, message_start, …) before handing the stream
 * over, so an exception sent as the first frame still becomes an honest HTTP status instead of
 * an in-band error after a 200. Any later failure of the stream is classified as upstream.
 */
export async function startStream<T>(events: AsyncIterable<T>, signal?: AbortSignal): Promise<AsyncIterable<T>> {
  const iterator = events[Symbol.asyncIterator]();
  let head: IteratorResult<T>;
  try {
    head = await iterator.next();
  } catch (error) {
    throw bedrockFailure(error, signal);
  }
  return {
    async *[Symbol.asyncIterator]() {
      if (head.done) return;
      yield head.value;
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } catch (error) {
        throw bedrockFailure(error, signal);
      }
    },
  };
}

/** Runs one Bedrock call; transport failures become upstream errors (502), not internal ones. */
export async function callBedrock<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw bedrockFailure(error, signal);
  }
}

/** The event stream of a streaming response; Bedrock always sends one, so its absence is a fault. */
export function requireStream<T>(stream: AsyncIterable<T> | undefined): AsyncIterable<T> {
  if (!stream) throw new HttpError(502, 'upstream_error', 'Bedrock returned no event stream.', { code: 'invalid_upstream_body' });
  return stream;
}
