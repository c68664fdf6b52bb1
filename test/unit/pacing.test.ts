import { DefaultRateLimiter } from '@smithy/core/retry';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../lambda/errors';
import { createPacer } from '../../lambda/pacing';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Settles `promise` into what a test can compare, without letting a rejection go unhandled. */
function outcome(promise: Promise<void> | undefined) {
  const seen: { state: 'now' | 'waiting' | 'sent' | 'refused'; error?: unknown } = { state: promise ? 'waiting' : 'now' };
  promise?.then(
    () => {
      seen.state = 'sent';
    },
    (error: unknown) => {
      seen.state = 'refused';
      seen.error = error;
    },
  );
  return seen;
}

/** A pacer right after its first throttle with no traffic before: 0.5 tokens a second, one in the bucket. */
function throttledPacer() {
  const pacer = createPacer();
  pacer.record(true);
  return pacer;
}

describe('createPacer', () => {
  it('sends every attempt at once until Bedrock first throttles', () => {
    const pacer = createPacer();
    for (let i = 0; i < 100; i++) {
      expect(pacer.turn(undefined)).toBeUndefined();
      pacer.record(false);
    }
  });

  it('after a throttle, spaces attempts at the fill rate: one now, then one every 2 s', async () => {
    const pacer = throttledPacer();
    const first = outcome(pacer.turn(undefined));
    const second = outcome(pacer.turn(undefined));
    const third = outcome(pacer.turn(undefined));
    expect([first.state, second.state, third.state]).toEqual(['now', 'waiting', 'waiting']);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(second.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state).toBe('sent');
    expect(third.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(third.state).toBe('sent');
  });

  it('refuses at once, with a 429 paced and the wait as Retry-After, an attempt whose turn is over 5 s away', async () => {
    const pacer = throttledPacer();
    const turns = Array.from({ length: 4 }, () => outcome(pacer.turn(undefined)));
    await vi.advanceTimersByTimeAsync(0);
    expect(turns.map((t) => t.state)).toEqual(['now', 'waiting', 'waiting', 'refused']);
    const error = turns[3]?.error;
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 429, type: 'rate_limit_error', details: { code: 'paced', retryAfterSeconds: 6 } });
    // The refused attempt took no turn: the next caller waits no longer than the fourth would have.
    await vi.advanceTimersByTimeAsync(2_000);
    const later = outcome(pacer.turn(undefined));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(later.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(later.state).toBe('sent');
  });

  it('ends a wait when the signal fires, and gives the turn back to the callers behind it', async () => {
    const pacer = throttledPacer();
    const controller = new AbortController();
    outcome(pacer.turn(undefined));
    const leaving = outcome(pacer.turn(controller.signal));
    const behind = outcome(pacer.turn(undefined));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(leaving.state).toBe('refused');
    expect(leaving.error).toMatchObject({ name: 'AbortError' });
    // Its turn was given back: a new caller now waits 4 s, not 6 s (which would be refused).
    expect(outcome(pacer.turn(undefined)).state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(behind.state).toBe('sent');
  });

  it('takes no turn for a call whose signal already fired', async () => {
    const pacer = throttledPacer();
    const gone = outcome(pacer.turn(AbortSignal.abort()));
    await vi.advanceTimersByTimeAsync(0);
    expect(gone.state).toBe('refused');
    expect(outcome(pacer.turn(undefined)).state).toBe('now');
  });

  it("changes its send rate exactly as the SDK's DefaultRateLimiter does, for any sequence of outcomes", () => {
    // The SDK's fields are private in its types, not at run time.
    const sdkRates = (limiter: DefaultRateLimiter) =>
      limiter as unknown as { fillRate: number; maxCapacity: number; measuredTxRate: number };
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 3_000 }), throttled: fc.boolean() }), { maxLength: 60 }),
        (steps) => {
          vi.setSystemTime(1_800_000_000_000);
          const ours = createPacer();
          const sdk = new DefaultRateLimiter();
          let throttledYet = false;
          for (const { gapMs, throttled } of steps) {
            vi.advanceTimersByTime(gapMs);
            ours.record(throttled);
            sdk.updateClientSendingRate(throttled ? { errorType: 'THROTTLING' } : {});
            throttledYet ||= throttled;
            expect(ours.rates().measuredRate).toBe(sdkRates(sdk).measuredTxRate);
            // Before the first throttle neither paces, and the SDK's rate is not used.
            if (throttledYet) {
              expect(ours.rates().fillRate).toBe(sdkRates(sdk).fillRate);
              expect(ours.rates().maxCapacity).toBe(sdkRates(sdk).maxCapacity);
            }
          }
        },
      ),
    );
  });
});
