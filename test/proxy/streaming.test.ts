import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { allNdjson, joinedText, ndjsonLines, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();
const prompt = 'stream this please';
const answer = emulatorAnswer(prompt);
const claude = {
  model: 'anthropic.claude-3-haiku-20240307-v1:0',
  payload: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: prompt }] },
  stream: true,
};
/** A Llama payload stream: its first chunk is already text, and its last has the stop reason and metrics. */
const llama = { model: 'meta.llama3-1-8b-instruct-v1:0', payload: { prompt, max_gen_len: 64 }, stream: true };

/** The answer's first two pieces, then, instead of a final line, an in-band upstream_error with `code`. */
function expectCutAfterTwoWith(lines: Record<string, unknown>[], code: string): void {
  expect(joinedText(lines.slice(0, -1))).toBe(answer.slice(0, 2).join(''));
  expect(lines.at(-1)).toEqual({
    text: '',
    is_final: true,
    error: { type: 'upstream_error', code, message: expect.any(String), param: null },
  });
}

describe('streaming is unbuffered end to end', () => {
  it.each([
    ['raw payload (InvokeModelWithResponseStream)', claude],
    ['messages (ConverseStream)', { model: claude.model, messages: [{ role: 'user', content: prompt }], stream: true }],
  ])('%s: the first line reaches the client while Bedrock still holds the rest', async (_name, request) => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(200);
    const lines = ndjsonLines(response);

    const first = await lines.next();
    expect(first.value).toEqual({ text: answer[0], is_final: false });
    await gate.waitForHold();
    expect(gate.sent).toBe(1);

    // Step by step: each released chunk arrives as its own line before the next is released.
    for (let i = 1; i < 3; i++) {
      gate.release(1);
      const next = await lines.next();
      expect(next.value).toEqual({ text: answer[i], is_final: false });
    }
    gate.release();
    const rest: Record<string, unknown>[] = [];
    for (let next = await lines.next(); !next.done; next = await lines.next()) rest.push(next.value);
    expect(answer.slice(0, 3).join('') + joinedText(rest)).toBe(answer.join(''));
    expect(rest.at(-1)).toMatchObject({ is_final: true, stop_reason: 'end_turn' });
  });

  it('sends status and headers before the first token exists', async () => {
    const gate = proxy.emulator.gate({ initial: 0 });
    const response = await postJson(`${proxy.url}/chat`, claude);
    // fetch resolves on the response head; Bedrock has not produced a single token yet.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    // Or a buffering reverse proxy (nginx) holds the lines back.
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    await gate.waitForHold();
    expect(gate.sent).toBe(0);
    gate.release();
    expect(joinedText(await allNdjson(response))).toBe(answer.join(''));
  });
});

describe('failures after the stream began', () => {
  it.each([
    ['modelStreamErrorException', 'ModelStreamErrorException', 'upstream_error'],
    ['throttlingException', 'ThrottlingException', 'rate_limit_error'],
    ['internalServerException', 'InternalServerException', 'upstream_error'],
    ['serviceUnavailableException', 'ServiceUnavailableException', 'service_unavailable_error'],
    ['modelTimeoutException', 'ModelTimeoutException', 'timeout_error'],
    ['unmodeled', 'InternalFailure', 'upstream_error'],
    ['reset', 'upstream_connection_error', 'upstream_error'],
  ] as const)('%s ends the stream with an in-band error line', async (midStream, code, type) => {
    proxy.emulator.fault({ midStream, afterChunks: 2 } as never);
    const response = await postJson(`${proxy.url}/chat`, claude);
    expect(response.status).toBe(200);
    const lines = await allNdjson(response);
    expect(joinedText(lines.slice(0, -1))).toBe(answer.slice(0, 2).join(''));
    const last = lines.at(-1);
    expect(last).toEqual({ text: '', is_final: true, error: { type, code, message: expect.any(String), param: null } });
    // Internals are never echoed: no stack trace.
    expect(JSON.stringify(last)).not.toMatch(/at .*\.ts|\n\s+at /);
  });

  it.each([
    ['raw payload (InvokeModelWithResponseStream)', claude, 'invoke-stream'],
    ['messages (ConverseStream)', { model: claude.model, messages: [{ role: 'user', content: prompt }], stream: true }, 'converse-stream'],
  ] as const)(
    '%s: an event the proxy cannot read ends the stream in-band and cancels the Bedrock call',
    async (_name, request, operation) => {
      // Bedrock goes on after the unreadable event; the gate holds the rest until the call is cancelled.
      const gate = proxy.emulator.gate({ initial: 2 });
      const aborted = proxy.emulator.waitForAbort();
      proxy.emulator.fault({ midStream: 'malformed', afterChunks: 2, operation });
      const lines = await allNdjson(await postJson(`${proxy.url}/chat`, request));
      expectCutAfterTwoWith(lines, 'invalid_upstream_body');
      await aborted;
      expect(gate.sent).toBe(2);
    },
  );

  it.each([
    ['a ConverseStream', 'converse-stream', { model: claude.model, messages: [{ role: 'user', content: prompt }], stream: true }],
    ['a Claude payload stream (before its stop reason)', 'invoke-stream', claude],
    ['a Llama payload stream (before its last chunk)', 'invoke-stream', llama],
    [
      'a Titan payload stream (before its last chunk)',
      'invoke-stream',
      { model: 'amazon.titan-text-express-v1', payload: { inputText: prompt }, stream: true },
    ],
  ] as const)(
    '%s that Bedrock ends early but cleanly ends with an in-band incomplete_stream, not a final line',
    async (_name, operation, body) => {
      proxy.emulator.fault({ midStream: 'truncated', afterChunks: 2, operation });
      const lines = await allNdjson(await postJson(`${proxy.url}/chat`, body));
      expectCutAfterTwoWith(lines, 'incomplete_stream');
    },
  );

  it('a payload stream of a family with no recorded closing chunk (Mistral) that ends early still ends with its final line', async () => {
    proxy.emulator.fault({ midStream: 'truncated', afterChunks: 2, operation: 'invoke-stream' });
    const lines = await allNdjson(
      await postJson(`${proxy.url}/chat`, { model: 'mistral.mistral-7b-instruct-v0:2', payload: { prompt, max_tokens: 64 }, stream: true }),
    );
    expect(joinedText(lines.slice(0, -1))).toBe(answer.slice(0, 2).join(''));
    expect(lines.at(-1)).toMatchObject({ text: '', is_final: true, stop_reason: null });
  });

  it('the proxy keeps serving after a failed stream', async () => {
    proxy.emulator.fault({ midStream: 'reset', afterChunks: 1 });
    await allNdjson(await postJson(`${proxy.url}/chat`, claude));
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, claude));
    expect(joinedText(lines)).toBe(answer.join(''));
  });
});

describe('errors before the stream began keep an honest status', () => {
  it('a throttled stream request is a 429 with Retry-After, not a 200', async () => {
    proxy.emulator.fault({ error: 'ThrottlingException', operation: 'invoke-stream' });
    const response = await postJson(`${proxy.url}/chat`, claude);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'ThrottlingException' } });
  });

  it("a rejected Converse stream request is a 400 naming Bedrock's reason", async () => {
    proxy.emulator.fault({ error: 'ValidationException', message: 'Malformed input request.', operation: 'converse-stream' });
    const response = await postJson(`${proxy.url}/chat`, { model: claude.model, messages: [{ role: 'user', content: 'x' }], stream: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'ValidationException', message: expect.stringContaining('Malformed input request.') },
    });
  });

  it('a payload stream whose very first event is an exception is that error with its own status, not a 200', async () => {
    // Bedrock's first event is read before the response head goes out (by the SDK's event-stream
    // deserializer, and openStream waits for it too). A Llama stream's first chunk is already text
    // (Claude's is message_start), so the fault is the very first event.
    proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 0, operation: 'invoke-stream' });
    const response = await postJson(`${proxy.url}/chat`, llama);
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'ThrottlingException' } });
  });

  it('an exception right after messageStart, before any token, is reported in-band', async () => {
    proxy.emulator.fault({ midStream: 'validationException', afterChunks: 0, operation: 'converse-stream' });
    const response = await postJson(`${proxy.url}/chat`, { model: claude.model, messages: [{ role: 'user', content: 'x' }], stream: true });
    expect(response.status).toBe(200);
    expect(await allNdjson(response)).toEqual([
      { text: '', is_final: true, error: expect.objectContaining({ type: 'invalid_request_error', code: 'ValidationException' }) },
    ]);
  });
});
