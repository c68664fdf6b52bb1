import { type BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, emulatorAnswer, KEPT_REQUESTS, startEmulator } from '../../local/emulator/index';
import { bedrockClient, converseEvents, converseText, invokeJson, invokeStreamChunks, iterate, type Json, type Transport } from './helpers';

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const CONVERSE = { modelId: CLAUDE, messages: [{ role: 'user' as const, content: [{ text: 'one two three four' }] }] };
const ANSWER = emulatorAnswer('one two three four');

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

  it('spaces content chunks by chunkDelayMs', async () => {
    emulator.configure({ chunkDelayMs: 25, answerChunks: 5 });
    const started = performance.now();

    const events = await converseEvents(client, CONVERSE);

    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 25 - 5);
    expect(converseText(events)).toBe('w1 w2 w3 w4 w5');
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

describe('startEmulator options', () => {
  it('applies chunkDelayMs from the start and closes kept-alive sockets', async () => {
    const emulator = await startEmulator({ chunkDelayMs: 20 });
    const client = bedrockClient(emulator.url, 'h1');
    emulator.configure({ answerChunks: 3 });
    const started = performance.now();

    await converseEvents(client, CONVERSE);
    const elapsed = performance.now() - started;
    await emulator.close();

    expect(elapsed).toBeGreaterThanOrEqual(2 * 20 - 5);
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
