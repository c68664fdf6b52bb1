import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ERROR_MARK, FIRST_CHUNK_MARK, LAST_CHUNK_MARK } from './fixtures';

/** One timed exchange: time to the first answer chunk (streams) and to the last byte, in ms. */
export interface Timing {
  readonly status: number;
  readonly firstChunkMs: number;
  readonly totalMs: number;
  readonly bytes: number;
  /** An error line (NDJSON, SSE) or error body arrived, whatever the status said. */
  readonly errorSeen: boolean;
  /** The whole 50-chunk answer arrived: its last chunk, and no error. */
  readonly complete: boolean;
}

/** A failed exchange, e.g. one whose connection broke. */
export const FAILED: Timing = { status: 0, firstChunkMs: Number.NaN, totalMs: Number.NaN, bytes: 0, errorSeen: true, complete: false };

/** Whether an exchange of a 50-chunk answer counts: a 200 with all of it, and for a stream its first chunk timed. */
export const succeeded = (timing: Timing | undefined, stream: boolean): timing is Timing =>
  timing !== undefined && timing.status === 200 && timing.complete && (!stream || Number.isFinite(timing.firstChunkMs));

/** Whether an exchange of any answer length failed: not a 200, or an error came in-band. */
export const failed = (timing: Timing | undefined): boolean => timing === undefined || timing.status !== 200 || timing.errorSeen;

const MARK_SPAN = Math.max(FIRST_CHUNK_MARK.length, LAST_CHUNK_MARK.length, ERROR_MARK.length);

/**
 * Watches a response's bytes for the first answer chunk (its time), the last one and an error,
 * even when a mark is split across chunks.
 */
export function answerWatcher(start: number): {
  see(chunk: Buffer | string): void;
  readonly at: number;
  readonly errorSeen: boolean;
  readonly complete: boolean;
} {
  let tail = '';
  let at = Number.NaN;
  let last = false;
  let error = false;
  return {
    see(chunk) {
      const text = tail + chunk.toString();
      if (Number.isNaN(at) && text.includes(FIRST_CHUNK_MARK)) at = performance.now() - start;
      last ||= text.includes(LAST_CHUNK_MARK);
      error ||= text.includes(ERROR_MARK);
      tail = text.slice(-(MARK_SPAN - 1));
    },
    get at() {
      return at;
    },
    get errorSeen() {
      return error;
    },
    get complete() {
      return last && !error;
    },
  };
}

/** POSTs `body` to `url` over `agent` (keep-alive) and times it; never rejects on HTTP errors. */
export function timedPost(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const watcher = answerWatcher(start);
    let bytes = 0;
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        watcher.see(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          firstChunkMs: watcher.at,
          totalMs: performance.now() - start,
          bytes,
          errorSeen: watcher.errorSeen,
          complete: watcher.complete,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
