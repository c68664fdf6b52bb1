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

/** The latest a call's turn may come: 5 s from now, as for a call whose first attempt starts now. */
const inFiveSeconds = () => Date.now() + 5_000;

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
      expect(pacer.turn(undefined, inFiveSeconds())).toBeUndefined();
      pacer.record(false);
    }
  });

  it('after a throttle, spaces attempts at the fill rate: one now, then one every 2 s', async () => {
    const pacer = throttledPacer();
    const first = outcome(pacer.turn(undefined, inFiveSeconds()));
    const second = outcome(pacer.turn(undefined, inFiveSeconds()));
    const third = outcome(pacer.turn(undefined, inFiveSeconds()));
    expect([first.state, second.state, third.state]).toEqual(['now', 'waiting', 'waiting']);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(second.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state).toBe('sent');
    expect(third.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(third.state).toBe('sent');
  });

  it('refuses at once, with a 429 paced and the wait as Retry-After, a call whose turn would come too late', async () => {
    const pacer = throttledPacer();
    const turns = Array.from({ length: 4 }, () => outcome(pacer.turn(undefined, inFiveSeconds())));
    await vi.advanceTimersByTimeAsync(0);
    expect(turns.map((t) => t.state)).toEqual(['now', 'waiting', 'waiting', 'refused']);
    const error = turns[3]?.error;
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 429, type: 'rate_limit_error', details: { code: 'paced', retryAfterSeconds: 6 } });
    // The refused attempt took no turn: the next caller waits no longer than the fourth would have.
    await vi.advanceTimersByTimeAsync(2_000);
    const later = outcome(pacer.turn(undefined, inFiveSeconds()));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(later.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(later.state).toBe('sent');
  });

  it('ends a wait when the signal fires, and gives the turn back to the callers behind it', async () => {
    const pacer = throttledPacer();
    const controller = new AbortController();
    outcome(pacer.turn(undefined, inFiveSeconds()));
    const leaving = outcome(pacer.turn(controller.signal, inFiveSeconds()));
    const behind = outcome(pacer.turn(undefined, inFiveSeconds()));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(leaving.state).toBe('refused');
    expect(leaving.error).toMatchObject({ name: 'AbortError' });
    // Its turn was given back: a new caller now waits 4 s, not 6 s (which would be refused).
    expect(outcome(pacer.turn(undefined, inFiveSeconds())).state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(behind.state).toBe('sent');
  });

  it("counts from the call's first attempt: a retry whose turn would come too late is refused", async () => {
    const pacer = throttledPacer();
    outcome(pacer.turn(undefined, inFiveSeconds()));
    // A retry whose call has 1 s left: its turn, 3 s away behind the one taken above, would come too late.
    await vi.advanceTimersByTimeAsync(1_000);
    outcome(pacer.turn(undefined, inFiveSeconds()));
    const retry = outcome(pacer.turn(undefined, Date.now() + 1_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(retry.state).toBe('refused');
    expect(retry.error).toMatchObject({ statusCode: 429, details: { code: 'paced' } });
  });

  it('stops pacing 10 s after the last throttle, and starts again at the next one', async () => {
    const pacer = throttledPacer();
    outcome(pacer.turn(undefined, inFiveSeconds()));
    expect(outcome(pacer.turn(undefined, inFiveSeconds())).state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(10_001);
    for (let i = 0; i < 20; i++) {
      expect(pacer.turn(undefined, inFiveSeconds())).toBeUndefined();
      pacer.record(false);
    }
    pacer.record(true);
    outcome(pacer.turn(undefined, inFiveSeconds()));
    outcome(pacer.turn(undefined, inFiveSeconds()));
    expect(outcome(pacer.turn(undefined, inFiveSeconds())).state).not.toBe('now');
  });

  it("rejects an abandoned wait with an error of its own, never the signal's reason (the SDK writes on it)", async () => {
    const pacer = throttledPacer();
    const reason = new Error('shared');
    const controller = new AbortController();
    outcome(pacer.turn(undefined, inFiveSeconds()));
    const leaving = outcome(pacer.turn(controller.signal, inFiveSeconds()));
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(leaving.error).toMatchObject({ name: 'AbortError' });
    expect(leaving.error).not.toBe(reason);
  });

  it('takes no turn for a call whose signal already fired', async () => {
    const pacer = throttledPacer();
    const gone = outcome(pacer.turn(AbortSignal.abort(), inFiveSeconds()));
    await vi.advanceTimersByTimeAsync(0);
    expect(gone.state).toBe('refused');
    expect(outcome(pacer.turn(undefined, inFiveSeconds())).state).toBe('now');
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
