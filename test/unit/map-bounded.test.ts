import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../lambda/embed/embed';

/** A call that only ends when its signal fires, as a Bedrock call in flight does when cancelled. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));

describe('mapBounded', () => {
  it('keeps the input order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, undefined, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 8 - item));
      inFlight -= 1;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('on the first failure cancels the calls in flight, starts no more, and throws that failure once they stopped', async () => {
    const started: number[] = [];
    const cancelled: number[] = [];
    const failure = new Error('bad input');
    const run = mapBounded(['a', 'b', 'bad', 'c', 'd', 'e'], 4, undefined, async (item, signal) => {
      started.push(started.length);
      if (item === 'bad') {
        // Fails once the first three are in flight, as a call Bedrock refuses at once would.
        await Promise.resolve();
        throw failure;
      }
      signal.addEventListener('abort', () => cancelled.push(started.length), { once: true });
      return untilAborted(signal);
    });
    await expect(run).rejects.toBe(failure);
    expect(started.length).toBe(4);
    expect(cancelled.length).toBe(3);
  });

  it("passes the request's signal on: its deadline cancels every call", async () => {
    const deadline = new AbortController();
    const run = mapBounded([1, 2, 3], 4, deadline.signal, (_item, signal) => untilAborted(signal));
    deadline.abort();
    await expect(run).rejects.toThrow('cancelled');
  });

  it('starts nothing that could run once the request is already out of time', async () => {
    const deadline = new AbortController();
    deadline.abort();
    const seen: boolean[] = [];
    await mapBounded([1, 2], 4, deadline.signal, async (_item, signal) => {
      seen.push(signal.aborted);
      return 0;
    });
    expect(seen).toEqual([true, true]);
  });
});
