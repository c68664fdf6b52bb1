import { HttpError } from './errors';

/** A call's turns all come within this long of its first attempt; a later one is a 429 at once. */
export const MAX_PACING_WAIT_MS = 5_000;

/** Pacing stops once Bedrock has not throttled for this long, until it throttles again. */
const QUIET_SECONDS = 10;

/** What the SDK's `DefaultRateLimiter` uses (botocore's adaptive mode has the same). */
const BETA = 0.7;
const MIN_CAPACITY = 1;
const MIN_FILL_RATE = 0.5;
const SCALE_CONSTANT = 0.4;
const SMOOTH = 0.8;

const precise = (value: number) => Number.parseFloat(value.toFixed(8));

/**
 * Client-side pacing of Bedrock calls after a throttle: the SDK's adaptive retry mode, as the
 * original proxy's botocore `adaptive` mode. Each attempt's outcome adjusts the instance's send
 * rate (CUBIC on the measured rate); once Bedrock has throttled, each attempt first takes a token
 * from a bucket that fills at that rate. This is the SDK's `DefaultRateLimiter`, with two changes
 * for an instance that serves many requests at once (the local server, Lambda Managed Instances):
 *
 * - An attempt reserves its turn when it asks, so it knows its wait at once. A call whose turn
 *   would come over MAX_PACING_WAIT_MS after its first attempt began is refused with a 429 `paced`
 *   whose `Retry-After` is that wait. The SDK's limiter queued every attempt: of 60 callers
 *   throttled together on the local server, 33 still had no answer after 200 s.
 * - A wait ends when the request's signal fires (its deadline came, or, on the local server, its
 *   caller left), and gives its turn back. With the SDK's limiter, an abandoned call still waited
 *   for a token and spent it.
 * - Pacing stops after QUIET_SECONDS without a throttle. The SDK's limiter never stops: its rate
 *   grows back only up to twice the rate measured, so after a single throttle an instance with
 *   light traffic stayed at about one call a second for good, and with refusals instead of a queue
 *   its bursts would be refused while Bedrock was answering.
 *
 * With one request at a time, as plain Lambda runs the function, an attempt waits at most
 * 1 / MIN_FILL_RATE = 2 s, as with the SDK's limiter; a request that makes several calls at once
 * (embeddings of several texts with Titan or Nova) may wait longer, and be refused.
 */
export interface Pacer {
  /**
   * Takes an attempt's turn: undefined when it may be sent now, else a promise that resolves when
   * it may. The promise rejects with a 429 when the turn would come after `latestMs` (a time, in
   * ms since the epoch), and with an AbortError when `signal` fires first (neither is an error the
   * SDK retries).
   */
  turn(signal: AbortSignal | undefined, latestMs: number): Promise<void> | undefined;
  /** Records an attempt's outcome, as the SDK's `updateClientSendingRate` does. */
  record(throttled: boolean): void;
  /** The send rate now (tokens a second), the bucket's size, and the rate measured (calls a second). */
  rates(): { readonly fillRate: number; readonly maxCapacity: number; readonly measuredRate: number };
}

export function createPacer(): Pacer {
  let enabled = false;
  /** Tokens in the bucket; below zero, the turns reserved by waiting attempts. */
  let tokens = 0;
  let fillRate = MIN_FILL_RATE;
  let maxCapacity = MIN_CAPACITY;
  let lastRefill = 0;
  let lastMaxRate = 0;
  let lastThrottle = seconds();
  let timeWindow = 0;
  let measuredRate = 0;
  let requestCount = 0;
  let lastRateBucket = Math.floor(lastThrottle);

  const refill = (now: number) => {
    tokens = Math.min(maxCapacity, tokens + (now - lastRefill) * fillRate);
    lastRefill = now;
  };
  const calculateTimeWindow = () => {
    timeWindow = precise(((lastMaxRate * (1 - BETA)) / SCALE_CONSTANT) ** (1 / 3));
  };

  return {
    turn(signal, latestMs) {
      if (!enabled) return undefined;
      const now = seconds();
      if (now - lastThrottle > QUIET_SECONDS) {
        enabled = false;
        return undefined;
      }
      // A new error: the SDK's retry writes on what it is given, and a signal's reason may be shared.
      if (signal?.aborted) return Promise.reject(aborted());
      refill(now);
      tokens -= 1;
      if (tokens >= 0) return undefined;
      const waitMs = (-tokens / fillRate) * 1000;
      if (now * 1000 + waitMs > latestMs) {
        tokens += 1;
        return Promise.reject(pacedError(waitMs));
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, waitMs);
        const onAbort = () => {
          clearTimeout(timer);
          tokens += 1;
          reject(aborted());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },

    record(throttled) {
      const now = seconds();
      const bucket = Math.floor(now * 2) / 2;
      requestCount++;
      if (bucket > lastRateBucket) {
        measuredRate = precise((requestCount / (bucket - lastRateBucket)) * SMOOTH + measuredRate * (1 - SMOOTH));
        requestCount = 0;
        lastRateBucket = bucket;
      }
      let rate: number;
      if (throttled) {
        lastMaxRate = enabled ? Math.min(measuredRate, fillRate) : measuredRate;
        lastThrottle = now;
        calculateTimeWindow();
        rate = precise(lastMaxRate * BETA);
        if (!enabled) {
          enabled = true;
          lastRefill = now;
          tokens = Number.POSITIVE_INFINITY;
        }
      } else {
        if (!enabled) return;
        calculateTimeWindow();
        rate = precise(SCALE_CONSTANT * (now - lastThrottle - timeWindow) ** 3 + lastMaxRate);
      }
      refill(now);
      const newRate = Math.min(rate, 2 * measuredRate);
      fillRate = Math.max(newRate, MIN_FILL_RATE);
      maxCapacity = Math.max(newRate, MIN_CAPACITY);
      tokens = Math.min(tokens, maxCapacity);
    },

    rates: () => ({ fillRate, maxCapacity, measuredRate }),
  };
}

function seconds(): number {
  return Date.now() / 1000;
}

function aborted(): Error {
  return new DOMException('Aborted', 'AbortError');
}

function pacedError(waitMs: number): HttpError {
  const waitSeconds = Math.ceil(waitMs / 1000);
  return new HttpError(429, 'rate_limit_error', `Bedrock is throttling; this call's turn is ${waitSeconds} s away. Retry later.`, {
    code: 'paced',
    retryAfterSeconds: waitSeconds,
  });
}
