import http from 'node:http';
import { type BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Emulator, emulatorAnswer, KEPT_REQUESTS, startEmulator } from '../../local/emulator/index';
import { bedrockClient, converseEvents, converseText, invokeJson, invokeStreamChunks, iterate, type Json, type Transport } from './helpers';

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const CONVERSE = { modelId: CLAUDE, messages: [{ role: 'user' as const, content: [{ text: 'one two three four' }] }] };
const ANSWER = emulatorAnswer('one two three four');

/** The payloads of an event stream's frames (prelude: total and headers length, CRC; then headers, payload, CRC). */
function framePayloads(bytes: Buffer): Json[] {
  const payloads: Json[] = [];
  for (let at = 0; at < bytes.length; ) {
    const total = bytes.readUInt32BE(at);
    const headers = bytes.readUInt32BE(at + 4);
    payloads.push(JSON.parse(bytes.subarray(at + 12 + headers, at + total - 4).toString('utf8')) as Json);
    at += total;
  }
  return payloads;
}

/**
 * A ConverseStream from the emulator while the clock is fake, over plain HTTP/1.1 (the SDK's own
 * timers would share the fake clock): whenever the emulator waits on a timer, the clock jumps to
 * it, and only then. The stream's metadata, timed by the emulator's Date.now(), then reports
 * exactly the time the emulator waited, however fast or slow the machine is.
 */
async function streamOnFakeClock(url: string): Promise<{ text: string; latencyMs: number }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  try {
    let done = false;
    const response = new Promise<Buffer>((resolve, reject) => {
      const request = http.request(
        `${url}/model/${encodeURIComponent(CLAUDE)}/converse-stream`,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ messages: CONVERSE.messages }));
    }).finally(() => {
      done = true;
    });
    while (!done) {
      if (vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    const payloads = framePayloads(await response);
    const text = payloads.map((payload) => payload.delta?.text ?? '').join('');
    return { text, latencyMs: payloads.at(-1)?.metrics?.latencyMs };
  } finally {
    vi.useRealTimers();
  }
}

describe.each<Transport>(['h2', 'h1'])('test knobs over %s', (transport) => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url, transport);
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  it('a gate holds the next ConverseStream after its first chunk until released', async () => {
    const gate = emulator.gate();
    const out = await client.send(new ConverseStreamCommand(CONVERSE));
    const events = iterate(out.stream);

    expect((await events.next()).value).toMatchObject({ messageStart: { role: 'assistant' } });
    expect((await events.next()).value).toMatchObject({ contentBlockDelta: { delta: { text: ANSWER[0] } } });
    await gate.waitForHold();
    expect(gate.sent).toBe(1);

    const pending = events.next();
    gate.release(1);
    expect((await pending).value).toMatchObject({ contentBlockDelta: { delta: { text: ANSWER[1] } } });
    await gate.waitForHold();
    expect(gate.sent).toBe(2);

    gate.release();
    const rest: string[] = [];
    for (let next = await events.next(); !next.done; next = await events.next()) rest.push(next.value.contentBlockDelta?.delta?.text ?? '');
    expect(rest.join('')).toBe(ANSWER.slice(2).join(''));
    expect(gate.sent).toBe(ANSWER.length);
  });

  it('a gate with initial 0 holds IMWRS after its opening chunks, and only the next stream', async () => {
    // The SDK resolves send() on the first frame, so use a family whose stream opens with non-content chunks.
    const gate = emulator.gate({ initial: 0 });
    const body = (text: string): string =>
      JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: text }] });
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: body('hello') }));
    const chunks = iterate(out.body);
    const decode = (bytes: Uint8Array | undefined): Json => JSON.parse(new TextDecoder().decode(bytes)) as Json;

    expect(decode((await chunks.next()).value?.chunk?.bytes).type).toBe('message_start');
    expect(decode((await chunks.next()).value?.chunk?.bytes).type).toBe('content_block_start');
    await gate.waitForHold();
    expect(gate.sent).toBe(0);
    const unaffected = await invokeStreamChunks(client, 'meta.llama3-8b-instruct-v1:0', { prompt: 'other' });
    gate.release();
    const texts: string[] = [];
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      texts.push(decode(next.value.chunk?.bytes).delta?.text ?? '');

    expect(unaffected.map((chunk) => chunk.generation).join('')).toBe(emulatorAnswer('other').join(''));
    expect(texts.join('')).toBe(emulatorAnswer('hello').join(''));
  });

  it('detects a client that abandons a stream', async () => {
    const gate = emulator.gate();
    const controller = new AbortController();
    const out = await client.send(new ConverseStreamCommand(CONVERSE), { abortSignal: controller.signal });
    const events = iterate(out.stream);
    await events.next();
    await gate.waitForHold();
    const before = emulator.stats.abortedStreams;

    controller.abort();
    await events.next().catch(() => undefined);
    await emulator.waitForAbort();

    expect(emulator.stats.abortedStreams).toBe(before + 1);
  });

  it('delivers a long stream intact through socket backpressure', async () => {
    emulator.configure({ answerChunks: 20_000 });

    const events = await converseEvents(client, CONVERSE);

    const deltas = events.filter((event) => event.contentBlockDelta);
    expect(deltas).toHaveLength(20_000);
    expect(deltas.at(-1)?.contentBlockDelta?.delta?.text).toBe('w20000');
  });

  it('answerChunks makes every answer exactly N chunks; reset restores the default', async () => {
    emulator.configure({ answerChunks: 3 });
    const numbered = await converseEvents(client, CONVERSE);
    emulator.reset();
    const normal = await converseEvents(client, CONVERSE);

    expect(numbered.map((event) => event.contentBlockDelta?.delta?.text).filter(Boolean)).toEqual(['w1 ', 'w2 ', 'w3']);
    expect(numbered.at(-1)?.metadata?.usage?.outputTokens).toBe(3);
    expect(converseText(normal)).toBe(ANSWER.join(''));
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('emulatorAnswer', () => {
  it('splits the answer into word chunks that join back exactly', () => {
    const chunks = emulatorAnswer('multi  spaced\nprompt');

    expect(chunks.join('')).toBe('Hello from the Bedrock emulator. You said: multi  spaced\nprompt');
    expect(chunks.slice(-3)).toEqual(['multi  ', 'spaced\n', 'prompt']);
  });

  it('numbers chunks when answerChunks is set', () => {
    expect(emulatorAnswer('ignored', { answerChunks: 4 })).toEqual(['w1 ', 'w2 ', 'w3 ', 'w4']);
  });
});

describe('chunkDelayMs', () => {
  it('spaces content chunks by chunkDelayMs, and only them: 5 chunks wait 4 times', async () => {
    const emulator = await startEmulator();
    emulator.configure({ chunkDelayMs: 25, answerChunks: 5 });

    const stream = await streamOnFakeClock(emulator.url);
    await emulator.close();

    expect(stream).toEqual({ text: 'w1 w2 w3 w4 w5', latencyMs: 4 * 25 });
  });

  it('applies chunkDelayMs given to startEmulator from the start, and after a reset', async () => {
    const emulator = await startEmulator({ chunkDelayMs: 20, answerChunks: 3 });

    const first = await streamOnFakeClock(emulator.url);
    emulator.reset();
    const afterReset = await streamOnFakeClock(emulator.url);
    await emulator.close();

    expect(first).toEqual({ text: 'w1 w2 w3', latencyMs: 2 * 20 });
    expect(afterReset).toEqual(first);
  });
});

describe('startEmulator', () => {
  it('closes kept-alive sockets', async () => {
    const emulator = await startEmulator();
    const client = bedrockClient(emulator.url, 'h1');

    await converseEvents(client, CONVERSE);
    await emulator.close();

    await expect(fetch(emulator.url)).rejects.toThrow();
    client.destroy();
  });

  it('keeps only the most recent requests, so a long-running npm start does not grow', async () => {
    const emulator = await startEmulator();
    const client = bedrockClient(emulator.url, 'h1');
    const prompt = (i: number) => ({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 10,
      messages: [{ role: 'user', content: `request ${i}` }],
    });
    const total = KEPT_REQUESTS + 5;
    for (let i = 0; i < total; i++) await invokeJson(client, CLAUDE, prompt(i));
    client.destroy();
    await emulator.close();

    expect(emulator.stats.requests).toBe(total);
    expect(emulator.requests).toHaveLength(KEPT_REQUESTS);
    expect(emulator.requests[0]?.body).toEqual(prompt(5));
    expect(emulator.requests.at(-1)?.body).toEqual(prompt(total - 1));
  });
});
