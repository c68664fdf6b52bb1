import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keySource } from '../../lambda/auth/key-source';
import type { RequestRecord } from '../../lambda/observability/request-record';
import { requestScope } from '../../lambda/scope';
import { SECRET_ARN, useSecretKeys } from '../support/secrets';

// The local server never ends an invocation at its timeout, as Lambda does, so only a clock this
// file controls shows when the deadline fires: fake timers, advanced by hand.
afterEach(() => {
  vi.useRealTimers();
});

/** A context 5 s before its deadline, as Lambda's reports it. */
const fiveSecondsLeft = { getRemainingTimeInMillis: () => 5000 } as Context;

describe("requestScope's deadline", () => {
  it('fires marginMs before the invocation would end, not at its end', () => {
    vi.useFakeTimers();
    const record = { onFinish: () => undefined } as unknown as RequestRecord;
    const scope = requestScope(record, undefined, fiveSecondsLeft, 2000);

    vi.advanceTimersByTime(2999);
    expect(scope.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(scope.signal.aborted).toBe(true);
  });
});

describe('reading the key secret against the deadline', () => {
  const secretKeys = useSecretKeys({ default: 'the-key' });

  it("gives up with a 503 keys_unavailable when the request's time runs out, before the 3 s read timeout", async () => {
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    const release = secretKeys.secrets.hold();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const load = keySource({ mode: 'keys', keys: [], secretArn: SECRET_ARN, cacheSeconds: 60 });

    const loading = load(2000);
    const outcome = loading.then(
      () => 'loaded',
      (error: unknown) => error,
    );
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(await outcome).toMatchObject({ statusCode: 503, details: { code: 'keys_unavailable' } });
    release();
  });
});
