import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { FIRST_CHUNK_MARK } from './fixtures';

/** One timed exchange: time to the first answer chunk (streams) and to the last byte, in ms. */
export interface Timing {
  readonly status: number;
  readonly firstChunkMs: number;
  readonly totalMs: number;
  readonly bytes: number;
}

/** Watches a byte stream for the first answer chunk, even if the mark is split across chunks. */
export function firstChunkWatcher(start: number): { see(chunk: Buffer | string): void; readonly at: number } {
  let tail = '';
  let at = Number.NaN;
  return {
    see(chunk) {
      if (!Number.isNaN(at)) return;
      const text = tail + chunk.toString();
      if (text.includes(FIRST_CHUNK_MARK)) at = performance.now() - start;
      else tail = text.slice(-FIRST_CHUNK_MARK.length);
    },
    get at() {
      return at;
    },
  };
}

/** POSTs `body` to `url` over `agent` (keep-alive) and times it; never rejects on HTTP errors. */
export function timedPost(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const watcher = firstChunkWatcher(start);
    let bytes = 0;
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        watcher.see(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, firstChunkMs: watcher.at, totalMs: performance.now() - start, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
