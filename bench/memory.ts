import type { Emulator } from '../local/emulator';
import { messagesBody } from './fixtures';
import type { Worker } from './worker-client';

export interface MemoryReport {
  /** Right after the bundle was imported, before any request. */
  readonly afterImportRssMB: number;
  readonly idleRssMB: number;
  readonly concurrentStreams: number;
  readonly peakRssMB: number;
  readonly errors: number;
}

/**
 * RSS of a fresh worker (production bundle, in-process handler; the emulator is in the parent, so
 * its memory is not counted): after import, idle after a warm-up of 25 non-streamed and 25
 * streamed requests one at a time, then the peak while `streams` concurrent 50-chunk streams at
 * 10 ms spacing are in flight (VmHWM, reset just before, and RSS sampled every 5 ms).
 */
export async function measureMemory(emulator: Emulator, worker: Worker, streams: number): Promise<MemoryReport> {
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  const afterImport = await worker.memory();
  await worker.run(messagesBody(false), 25);
  await worker.run(messagesBody(true), 25);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await worker.memory();
  await worker.resetPeak();
  emulator.configure({ chunkDelayMs: 10 });
  const result = await worker.run(messagesBody(true), streams, streams);
  emulator.reset();
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  return {
    afterImportRssMB: afterImport.rss,
    idleRssMB: idle.rss,
    concurrentStreams: streams,
    peakRssMB: result.peakRssMB,
    errors: result.errors,
  };
}
