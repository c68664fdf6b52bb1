import type { Emulator } from '../local/emulator';
import type { Contender } from './contenders';
import { succeeded } from './timing';

export interface ConnectionRow {
  readonly contender: string;
  readonly requests: number;
  readonly newConnections: number;
  readonly errors: number;
}

/**
 * After a warm-up, 20 non-streamed then 10 streamed requests, one at a time: how many TCP
 * connections did the emulator accept meanwhile? Kept-alive connections make it 0.
 */
export async function measureConnections(emulator: Emulator, list: readonly Contender[]): Promise<ConnectionRow[]> {
  const rows: ConnectionRow[] = [];
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  for (const contender of list) {
    await contender.run(false);
    await contender.run(true);
    emulator.resetStats();
    let errors = 0;
    for (let i = 0; i < 30; i += 1) {
      const stream = i >= 20;
      if (!succeeded(await contender.run(stream).catch(() => undefined), stream)) errors += 1;
    }
    rows.push({ contender: contender.name, requests: 30, newConnections: emulator.stats.connections, errors });
  }
  emulator.reset();
  return rows;
}
