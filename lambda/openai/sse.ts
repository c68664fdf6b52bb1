import type { ErrorBody } from '../errors';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** One server-sent event carrying JSON (reference A.6). */
export const sseData = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

export const SSE_DONE = 'data: [DONE]\n\n';

/** Every value as a `data:` event, then OpenAI's `[DONE]` sentinel once the source finished cleanly. */
export async function* sseEvents(values: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const value of values) yield sseData(value);
  yield SSE_DONE;
}

/**
 * The last event of a stream that failed after it began: `{"error": {...}}`, which the openai
 * SDK raises as an APIError and the Vercel AI SDK as an error part. No `[DONE]` follows, so no
 * client mistakes the cut answer for a complete one.
 */
export const sseError = (body: ErrorBody): string => sseData(body);
