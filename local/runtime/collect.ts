import { EventEmitter } from 'node:events';
import type { ResponseSink } from './response-stream';

export interface CollectedResponse {
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly error: { errorType: string; errorMessage: string } | undefined;
}

/**
 * A sink that keeps everything a handler streams, for in-process invocations (tests, benchmark).
 * `onChunk` sees each chunk as it is written.
 */
export function collectingSink(onChunk?: (chunk: Buffer) => void): ResponseSink & { done: Promise<CollectedResponse> } {
  const chunks: Buffer[] = [];
  const emitter = new EventEmitter();
  let resolve!: (response: CollectedResponse) => void;
  const done = new Promise<CollectedResponse>((r) => {
    resolve = r;
  });
  return {
    done,
    write: (chunk) => {
      chunks.push(chunk);
      onChunk?.(chunk);
      return true;
    },
    once: (event, listener) => emitter.once(event, listener),
    end: (contentType) => resolve({ contentType, bytes: Buffer.concat(chunks), error: undefined }),
    fail: (error, contentType) => resolve({ contentType, bytes: Buffer.concat(chunks), error }),
  };
}
