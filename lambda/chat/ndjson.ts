import type { ErrorBody } from '../errors';
import type { StreamFormat } from './stream-text';

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** The original proxy's NDJSON stream: one line per text piece, then a final line. */
export const ndjsonFormat: StreamFormat = {
  head: '',
  event: (event) => {
    if (event.type === 'text' && event.text) return line({ text: event.text, is_final: false });
    if (event.type === 'end') return line({ text: '', is_final: true, usage: event.usage, stop_reason: event.stopReason });
    return '';
  },
  tail: '',
};

/** The last line of a stream that failed after it began. */
export function ndjsonErrorLine(body: ErrorBody): string {
  return line({ text: '', is_final: true, error: body.error });
}
