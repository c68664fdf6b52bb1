import http from 'node:http';
import type { Emulator } from '../local/emulator';
import { API_KEY, messagesBody } from './fixtures';
import { type Summary, summarize } from './stats';
import { succeeded, timedPost } from './timing';

export interface ConcurrencyRow {
  readonly streams: number;
  readonly errors: number;
  readonly firstChunk: Summary;
  readonly total: Summary;
}

/**
 * `n` streams at once through the local Function URL server (in its own process, the emulator and
 * the clients in this one): 50 chunks each at 10 ms spacing, so they really overlap.
 */
export async function measureConcurrency(emulator: Emulator, serverUrl: string, levels: readonly number[]): Promise<ConcurrencyRow[]> {
  const rows: ConcurrencyRow[] = [];
  const url = new URL('/chat', serverUrl);
  emulator.configure({ chunkDelayMs: 10, answerChunks: 50 });
  for (const n of levels) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
    const results = await Promise.all(
      Array.from({ length: n }, () => timedPost(agent, url, messagesBody(true), { 'x-api-key': API_KEY }).catch(() => undefined)),
    );
    agent.destroy();
    const ok = results.filter((t) => succeeded(t, true));
    rows.push({
      streams: n,
      errors: n - ok.length,
      firstChunk: summarize(ok.map((t) => t.firstChunkMs)),
      total: summarize(ok.map((t) => t.totalMs)),
    });
    emulator.reset();
    emulator.configure({ chunkDelayMs: 10, answerChunks: 50 });
  }
  emulator.configure({ chunkDelayMs: 0 });
  return rows;
}
