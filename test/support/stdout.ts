import { vi } from 'vitest';

/** Collects what is written to stdout while `work` runs, as JSON lines where they parse. */
export async function captureStdout(work: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    await work();
    // A request writes its record after its response has ended; let that tick run.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    spy.mockRestore();
  }
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
