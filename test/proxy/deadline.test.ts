import { describe, expect, it } from 'vitest';
import { expectDeadlineBeforeFirstEvent } from '../support/deadline';
import { allNdjson, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// A 2.5 s function timeout with a 2 s safety margin: Bedrock calls are cancelled after ~0.5 s.
// The emulator's gate holds the stream, so only the deadline can end it.
const proxy = useLocalProxy({ DEADLINE_MARGIN_MS: '2000' }, { timeoutMs: 2500 });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const request = { model: claude, messages: [{ role: 'user', content: 'take your time' }], stream: true };

describe('deadlines', () => {
  it('ends a stream that would outlive the function with an in-band error line, and cancels Bedrock', async () => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const aborted = proxy.emulator.waitForAbort();
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(200);
    const lines = await allNdjson(response);
    expect(lines[0]).toMatchObject({ is_final: false });
    expect(lines.at(-1)).toEqual({
      text: '',
      is_final: true,
      error: expect.objectContaining({ type: 'timeout_error', code: 'deadline_exceeded' }),
    });
    await aborted;
    expect(gate.sent).toBe(1);
    gate.release();
  });

  it('answers 504 when the deadline comes before Bedrock sent anything', async () => {
    await expectDeadlineBeforeFirstEvent(proxy);
  });

  it('cancels Bedrock on every call of an operation, not only its first (the client reuses one resolved handler per operation)', async () => {
    await expectDeadlineBeforeFirstEvent(proxy);
    await expectDeadlineBeforeFirstEvent(proxy);
  });

  it('leaves quick requests alone', async () => {
    const response = await postJson(`${proxy.url}/chat`, { ...request, stream: false });
    expect(response.status).toBe(200);
  });
});
