import { DELIMITER_LENGTH } from './awslambda';

export interface Prelude {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
}

const DELIMITER = Buffer.alloc(DELIMITER_LENGTH);

/**
 * Splits `application/vnd.awslambda.http-integration-response` bytes the way a Function URL does:
 * JSON prelude, 8 NUL bytes, then the body, which is forwarded chunk by chunk as it arrives.
 */
export class PreludeSplitter {
  private pending: Buffer | undefined = Buffer.alloc(0);

  constructor(
    private readonly onPrelude: (prelude: Prelude) => void,
    private readonly onBody: (chunk: Buffer) => boolean,
  ) {}

  /** Returns false when the body consumer wants backpressure. */
  push(chunk: Buffer): boolean {
    if (!this.pending) return chunk.length === 0 ? true : this.onBody(chunk);
    const buffered = Buffer.concat([this.pending, chunk]);
    const { prelude, body } = splitCollected(buffered);
    if (!prelude) {
      this.pending = buffered;
      return true;
    }
    this.pending = undefined;
    this.onPrelude(prelude);
    return body.length === 0 ? true : this.onBody(body);
  }

  get preludeSeen(): boolean {
    return this.pending === undefined;
  }
}

/**
 * Bytes split into the prelude, undefined if the delimiter has not come, and the body after it,
 * which is a view of `bytes`, not a copy. `PreludeSplitter` calls it on what it has buffered; the
 * benchmark, the RIC check and tests call it on a whole collected response.
 */
export function splitCollected(bytes: Buffer): { prelude: Prelude | undefined; body: Buffer } {
  const at = bytes.indexOf(DELIMITER);
  if (at < 0) return { prelude: undefined, body: bytes.subarray(bytes.length) };
  return { prelude: parsePrelude(bytes.subarray(0, at)), body: bytes.subarray(at + DELIMITER_LENGTH) };
}

function parsePrelude(bytes: Buffer): Prelude {
  const value = JSON.parse(bytes.toString('utf8')) as Partial<Prelude> & { headers?: Record<string, unknown> };
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value.headers ?? {})) headers[name.toLowerCase()] = String(headerValue);
  return { statusCode: value.statusCode ?? 200, headers, cookies: value.cookies ?? [] };
}
