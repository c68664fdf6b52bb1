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
 *   limiter queued every attempt: 60 callers throttled together waited minutes, most past their
 *   own timeouts.
 * - A wait ends when the request's signal fires (its caller left, its deadline came), and gives its
 *   turn back. With the SDK's limiter, an abandoned call still waited for a token and spent it.
 *
 * With one request at a time, as plain Lambda runs the function, an attempt waits at most
 * 1 / MIN_FILL_RATE = 2 s, as with the SDK's limiter.
 */
export class Pacer {
  private enabled = false;
  /** Tokens in the bucket; below zero, the turns reserved by waiting attempts. */
  private tokens = 0;
  private fillRate = MIN_FILL_RATE;
  private maxCapacity = MIN_CAPACITY;
  private lastRefill = 0;
  private lastMaxRate = 0;
  private lastThrottle: number;
  private timeWindow = 0;
  private measuredRate = 0;
  private requestCount = 0;
  private lastRateBucket: number;

  constructor(private readonly maxWaitMs = MAX_PACING_WAIT_MS) {
    const now = seconds();
    this.lastThrottle = now;
    this.lastRateBucket = Math.floor(now);
  }

  /**
   * Takes this attempt's turn: undefined when it may be sent now, else a promise that resolves
   * when it may. The promise rejects with a 429 when the wait would be too long, and with an
   * AbortError when `signal` fires first.
   */
  turn(signal: AbortSignal | undefined): Promise<void> | undefined {
    if (!this.enabled) return undefined;
    if (signal?.aborted) return Promise.reject(abortError());
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return undefined;
    const waitMs = (-this.tokens / this.fillRate) * 1000;
    if (waitMs > this.maxWaitMs) {
      this.tokens += 1;
      return Promise.reject(pacedError(waitMs));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, waitMs);
      const onAbort = () => {
        clearTimeout(timer);
        this.tokens += 1;
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Records an attempt's outcome, as the SDK's `updateClientSendingRate` does. */
  record(throttled: boolean): void {
    const now = seconds();
    this.measure(now);
    let rate: number;
    if (throttled) {
      this.lastMaxRate = this.enabled ? Math.min(this.measuredRate, this.fillRate) : this.measuredRate;
      this.lastThrottle = now;
      this.calculateTimeWindow();
      rate = precise(this.lastMaxRate * BETA);
      if (!this.enabled) {
        this.enabled = true;
        this.lastRefill = now;
        this.tokens = Number.POSITIVE_INFINITY;
      }
    } else {
      if (!this.enabled) return;
      this.calculateTimeWindow();
      rate = precise(SCALE_CONSTANT * (now - this.lastThrottle - this.timeWindow) ** 3 + this.lastMaxRate);
    }
    this.refill();
    const newRate = Math.min(rate, 2 * this.measuredRate);
    this.fillRate = Math.max(newRate, MIN_FILL_RATE);
    this.maxCapacity = Math.max(newRate, MIN_CAPACITY);
    this.tokens = Math.min(this.tokens, this.maxCapacity);
  }

  private refill(): void {
    const now = seconds();
    this.tokens = Math.min(this.maxCapacity, this.tokens + (now - this.lastRefill) * this.fillRate);
    this.lastRefill = now;
  }

  private measure(now: number): void {
    const bucket = Math.floor(now * 2) / 2;
    this.requestCount++;
    if (bucket > this.lastRateBucket) {
      const rate = this.requestCount / (bucket - this.lastRateBucket);
      this.measuredRate = precise(rate * SMOOTH + this.measuredRate * (1 - SMOOTH));
      this.requestCount = 0;
      this.lastRateBucket = bucket;
    }
  }

  private calculateTimeWindow(): void {
    this.timeWindow = precise(((this.lastMaxRate * (1 - BETA)) / SCALE_CONSTANT) ** (1 / 3));
  }
}

function seconds(): number {
  return Date.now() / 1000;
}

/** As the SDK's HTTP handler names an aborted exchange, which its retry strategy never retries. */
function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

function pacedError(waitMs: number): HttpError {
  const waitSeconds = Math.ceil(waitMs / 1000);
  return new HttpError(
    429,
    'rate_limit_error',
    `Bedrock has been throttling this proxy, which now paces its calls: this one would wait ${waitSeconds} s for its turn. Retry later.`,
    { code: 'paced', retryAfterSeconds: waitSeconds },
  );
}
