import { describe, expect, it } from 'vitest';
import { ndjsonLines, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// The default 300 s function timeout: nothing but the disconnect can end the held stream.
const proxy = useLocalProxy();
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'x' }], stream: true };

describe('client disconnect (local server only: AWS gives no such signal)', () => {
  it('aborts the Bedrock call when the client goes away mid-stream', async () => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const aborted = proxy.emulator.waitForAbort();
    const response = await postJson(`${proxy.url}/chat`, request);
    const lines = ndjsonLines(response);
    expect((await lines.next()).value).toMatchObject({ is_final: false });
    await gate.waitForHold();
    await lines.return(undefined);
    await aborted;
    expect(gate.sent).toBe(1);
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });
});

describe('a client that leaves before the response began', () => {
  it('cancels the Bedrock call that was still opening, and the server keeps serving', async () => {
    // Llama streams have no opening event: with the gate shut, Bedrock sends nothing at all, so
    // the handler is still waiting for its first event when the client goes.
    const gate = proxy.emulator.gate({ initial: 0 });
    const aborted = proxy.emulator.waitForAbort();
    const client = new AbortController();
    const pending = fetch(`${proxy.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'meta.llama3-1-8b-instruct-v1:0', payload: { prompt: 'x' }, stream: true }),
      signal: client.signal,
    });
    await gate.waitForHold();
    client.abort();
    await expect(pending).rejects.toThrow();
    await aborted;
    expect(gate.sent).toBe(0);
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });
});
