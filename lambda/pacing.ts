import { HttpError } from './errors';

/** The longest an attempt waits for its turn; a longer wait is answered with a 429 at once. */
export const MAX_PACING_WAIT_MS = 5_000;

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
 * - An attempt reserves its turn when it asks, so it knows its wait at once. A wait over
 *   MAX_PACING_WAIT_MS is refused with a 429 `paced` whose `Retry-After` is that wait. The SDK's
 *   limiter queued every attempt: of 60 callers throttled together on the local server, 33 still
 *   had no answer after 200 s.
 * - A wait ends when the request's signal fires (its caller left, its deadline came), and gives its
 *   turn back. With the SDK's limiter, an abandoned call still waited for a token and spent it.
 *
 * With one request at a time, as plain Lambda runs the function, an attempt waits at most
 * 1 / MIN_FILL_RATE = 2 s, as with the SDK's limiter.
 */
export interface Pacer {
  /**
   * Takes an attempt's turn: undefined when it may be sent now, else a promise that resolves when
   * it may. The promise rejects with a 429 when the wait would be too long, and with the signal's
   * reason when it fires first (neither is an error the SDK retries).
   */
  turn(signal: AbortSignal | undefined): Promise<void> | undefined;
  /** Records an attempt's outcome, as the SDK's `updateClientSendingRate` does. */
  record(throttled: boolean): void;
  /** The send rate now (tokens a second), the bucket's size, and the rate measured (calls a second). */
  rates(): { readonly fillRate: number; readonly maxCapacity: number; readonly measuredRate: number };
}

export function createPacer(maxWaitMs = MAX_PACING_WAIT_MS): Pacer {
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
    turn(signal) {
      if (!enabled) return undefined;
      if (signal?.aborted) return Promise.reject(signal.reason);
      refill(seconds());
      tokens -= 1;
      if (tokens >= 0) return undefined;
      const waitMs = (-tokens / fillRate) * 1000;
      if (waitMs > maxWaitMs) {
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
          reject(signal?.reason);
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

function pacedError(waitMs: number): HttpError {
  const waitSeconds = Math.ceil(waitMs / 1000);
  return new HttpError(
    429,
    'rate_limit_error',
    `Bedrock is throttling; the proxy paces its calls, and this one would wait ${waitSeconds} s. Retry later.`,
    { code: 'paced', retryAfterSeconds: waitSeconds },
  );
}
