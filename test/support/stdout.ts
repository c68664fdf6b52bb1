import { vi } from 'vitest';

type Line = Record<string, unknown>;

/**
 * Collects what is written to stdout while `work` runs, as JSON lines where they parse. A request
 * writes its log line (and its metrics) once its response has ended, which can be after the
 * client has read it: so this waits until `requests` request lines have been written (at most
 * 5 s, after which the caller's assertions report what is missing), then one more turn, so that a
 * line too many would show too. With `stderr`, what goes there (Powertools' ERROR lines) is
 * collected too, in the same order.
 */
export async function captureStdout(work: () => Promise<void>, requests: number, options: { stderr?: boolean } = {}): Promise<Line[]> {
  const lines: Line[] = [];
  const collect = (chunk: string | Uint8Array) => {
    for (const text of String(chunk).split('\n')) {
      try {
        if (text) lines.push(JSON.parse(text) as Line);
      } catch {
        // Not a JSON line: not ours to check.
      }
    }
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(collect)];
  if (options.stderr) spies.push(vi.spyOn(process.stderr, 'write').mockImplementation(collect));
  try {
    await work();
    const deadline = Date.now() + 5_000;
    while (lines.filter((line) => line.message === 'request').length < requests && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}
