import { type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { callBedrock } from '../../lambda/bedrock-call';
import { CALLER_GONE, HttpError } from '../../lambda/errors';

/**
 * A client whose call never settles, whatever the signal does: what the SDK looks like from
 * outside while it sleeps between two retries (its delays no longer see the request's signal).
 */
const stuckClient = { send: () => new Promise<never>(() => undefined) } as unknown as BedrockRuntimeClient;
const command = () => new ConverseCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [] });

/** Whether `promise` has settled once every queued callback and one macrotask turn have run. */
async function settledSoon(promise: Promise<unknown>): Promise<{ settled: boolean; error?: unknown }> {
  const outcome: { settled: boolean; error?: unknown } = { settled: false };
  promise.then(
    () => Object.assign(outcome, { settled: true }),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return outcome;
}

describe('callBedrock', () => {
  it('answers the deadline as soon as it fires, even while the SDK is still waiting', async () => {
    const controller = new AbortController();
    const call = callBedrock(stuckClient, command(), controller.signal);
    controller.abort(new Error('deadline'));
    const outcome = await settledSoon(call);
    expect(outcome.settled).toBe(true);
    expect(outcome.error).toBeInstanceOf(HttpError);
    expect(outcome.error).toMatchObject({ statusCode: 504, details: { code: 'deadline_exceeded' } });
  });

  it('answers a caller that left as soon as it leaves', async () => {
    const controller = new AbortController();
    const call = callBedrock(stuckClient, command(), controller.signal);
    controller.abort(CALLER_GONE);
    expect(await settledSoon(call)).toMatchObject({ settled: true, error: { statusCode: 499 } });
  });

  it('does not start waiting on a signal that has already fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    expect(await settledSoon(callBedrock(stuckClient, command(), controller.signal))).toMatchObject({
      settled: true,
      error: { statusCode: 504 },
    });
  });
});
