import type { StreamFormat } from '../chat/stream-text';
import type { ErrorBody } from '../errors';
import type { CompletionChunks } from './chunks';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** One server-sent event carrying JSON (reference A.6). */
const sseData = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

const SSE_DONE = 'data: [DONE]\n\n';

/** Chat completion chunks as `data:` events, then OpenAI's `[DONE]` once the stream finished cleanly. */
export function sseFormat(chunks: CompletionChunks): StreamFormat {
  return {
    head: sseData(chunks.first),
    event: (event) => {
      let out = '';
      for (const chunk of chunks.next(event)) out += sseData(chunk);
      return out;
    },
    tail: SSE_DONE,
  };
}

/**
 * The last event of a stream that failed after it began: `{"error": {...}}`, which the openai
 * SDK raises as an APIError and the Vercel AI SDK as an error part. No `[DONE]` follows, so no
 * client mistakes the cut answer for a complete one.
 */
export const sseError = (body: ErrorBody): string => sseData(body);
