import type { ErrorBody } from '../errors';
import type { ChatEvent } from './events';

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** The original proxy's NDJSON stream: one line per text piece, then a final line. */
export async function* ndjsonLines(events: AsyncIterable<ChatEvent>): AsyncGenerator<string> {
  for await (const event of events) {
    if (event.type === 'text' && event.text) yield line({ text: event.text, is_final: false });
    if (event.type === 'end') {
      yield line({ text: '', is_final: true, usage: event.usage, stop_reason: event.stopReason });
    }
  }
}

/** The last line of a stream that failed after it began. */
export function ndjsonErrorLine(body: ErrorBody): string {
  return line({ text: '', is_final: true, error: body.error });
}
