import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// No safety margin: the request's own deadline fires at the function's timeout (1.5 s). Middy's
// early timeout, 5 ms before it, used to win that race and answer 500 internal_error.
const proxy = useLocalProxy({ DEADLINE_MARGIN_MS: '0' }, { timeoutMs: 1500 });

describe('DEADLINE_MARGIN_MS=0', () => {
  it('still answers the deadline as a 504 deadline_exceeded and cancels Bedrock', async () => {
    // Llama streams have no opening event: with the gate shut, Bedrock sends nothing at all.
    const gate = proxy.emulator.gate({ initial: 0 });
    const aborted = proxy.emulator.waitForAbort();
    const response = await postJson(`${proxy.url}/chat`, {
      model: 'meta.llama3-1-8b-instruct-v1:0',
      payload: { prompt: 'x' },
      stream: true,
    });
    expect(response.status).toBe(504);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'timeout_error', code: 'deadline_exceeded' } });
    await aborted;
    gate.release();
  });
});
