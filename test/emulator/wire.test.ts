import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, emulatorAnswer, GUARDRAIL_ANSWER, startEmulator } from '../../local/emulator/index';
import { bedrockClient, converseEvents, invokeJson, invokeStreamChunks, type Json } from './helpers';

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const claudeBody = (text: string): Json => ({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 100,
  messages: [{ role: 'user', content: text }],
});

/** Splits a raw event-stream body into decoded messages. */
function decodeFrames(bytes: Uint8Array): Array<{ headers: Record<string, unknown>; body: Json }> {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const frames = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(0);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const headers = Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, header.value]));
    frames.push({ headers, body: JSON.parse(toUtf8(message.body)) as Json });
    offset += length;
  }
  return frames;
}

describe('transport and wire format', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterEach(() => {
    emulator.reset();
    emulator.resetStats();
  });

  afterAll(() => emulator.close());

  it('serves 10 mixed sequential calls over one kept-alive HTTP/1.1 connection', async () => {
    const client = bedrockClient(emulator.url, 'h1');

    for (let i = 0; i < 5; i++) {
      await invokeJson(client, CLAUDE, claudeBody(`call ${i}`));
      await invokeStreamChunks(client, CLAUDE, claudeBody(`stream ${i}`));
    }
    client.destroy();

    expect(emulator.stats).toMatchObject({ connections: 1, h1Connections: 1, h2Connections: 0, requests: 10 });
  });

  it('serves the default HTTP/2 client (h2c), which opens a session per call', async () => {
    const client = bedrockClient(emulator.url, 'h2');

    await invokeJson(client, CLAUDE, claudeBody('one'));
    await converseEvents(client, { modelId: CLAUDE, messages: [{ role: 'user', content: [{ text: 'two' }] }] });
    client.destroy();

    expect(emulator.stats.h1Connections).toBe(0);
    expect(emulator.stats.h2Connections).toBe(emulator.stats.connections);
    expect(emulator.stats.h2Connections).toBeGreaterThanOrEqual(1);
    expect(emulator.stats.requests).toBe(2);
  });

  it.each([
    'us.anthropic.claude-3-haiku-20240307-v1:0',
    'eu.anthropic.claude-3-haiku-20240307-v1:0',
    'apac.anthropic.claude-3-haiku-20240307-v1:0',
    'global.anthropic.claude-3-haiku-20240307-v1:0',
    'jp.anthropic.claude-3-haiku-20240307-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
    'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
  ])('accepts the model id %s and records it decoded', async (modelId) => {
    const client = bedrockClient(emulator.url, 'h1');

    const body = await invokeJson(client, modelId, claudeBody('hi'));
    client.destroy();

    expect(body.model).toBe('claude-3-haiku-20240307');
    expect(emulator.requests[0]).toMatchObject({ operation: 'invoke', modelId, body: claudeBody('hi') });
  });

  it('sends the InvokeModel token and latency headers', async () => {
    const response = await fetch(`${emulator.url}/model/${encodeURIComponent(CLAUDE)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(claudeBody('one two three')),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-bedrock-input-token-count')).toBe('3');
    expect(response.headers.get('x-amzn-bedrock-output-token-count')).toBe(String(emulatorAnswer('one two three').length));
    expect(response.headers.get('x-amzn-bedrock-invocation-latency')).toMatch(/^\d+$/);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('frames IMWRS chunks as base64 bytes with a padding field', async () => {
    const response = await fetch(`${emulator.url}/model/${encodeURIComponent(CLAUDE)}/invoke-with-response-stream`, {
      method: 'POST',
      body: JSON.stringify(claudeBody('hi')),
    });
    const frames = decodeFrames(new Uint8Array(await response.arrayBuffer()));

    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-bedrock-content-type')).toBe('application/json');
    expect(frames.every((frame) => frame.headers[':message-type'] === 'event' && frame.headers[':event-type'] === 'chunk')).toBe(true);
    expect(frames.every((frame) => frame.headers[':content-type'] === 'application/json')).toBe(true);
    expect(frames.every((frame) => Object.keys(frame.body).sort().join() === 'bytes,p' && frame.body.p.length > 0)).toBe(true);
    const first = JSON.parse(Buffer.from(frames[0]?.body.bytes, 'base64').toString('utf8')) as Json;
    expect(first.type).toBe('message_start');
  });

  it('frames ConverseStream events by type with a padding field', async () => {
    const response = await fetch(`${emulator.url}/model/${encodeURIComponent(CLAUDE)}/converse-stream`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    const frames = decodeFrames(new Uint8Array(await response.arrayBuffer()));

    expect(frames.map((frame) => frame.headers[':event-type'])).toEqual([
      'messageStart',
      ...emulatorAnswer('hi').map(() => 'contentBlockDelta'),
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(frames.every((frame) => typeof frame.body.p === 'string')).toBe(true);
  });

  describe('guardrails on InvokeModel', () => {
    const guardrail = { guardrailIdentifier: 'gr-abc', guardrailVersion: 'DRAFT' };

    it('intervenes on BLOCKED prompts in the body and the last IMWRS chunk', async () => {
      const client = bedrockClient(emulator.url);

      const body = await invokeJson(client, CLAUDE, claudeBody('say BLOCKED now'), guardrail);
      const chunks = await invokeStreamChunks(client, CLAUDE, claudeBody('say BLOCKED now'), guardrail);
      client.destroy();

      expect(body.content[0].text).toBe(GUARDRAIL_ANSWER);
      expect(body['amazon-bedrock-guardrailAction']).toBe('INTERVENED');
      expect(chunks.at(-1)?.['amazon-bedrock-guardrailAction']).toBe('INTERVENED');
      expect(emulator.requests.map((request) => request.guardrail)).toEqual([
        { identifier: 'gr-abc', version: 'DRAFT' },
        { identifier: 'gr-abc', version: 'DRAFT' },
      ]);
    });

    it('reports NONE when the guardrail lets the prompt through, and nothing without a guardrail', async () => {
      const client = bedrockClient(emulator.url);

      const guarded = await invokeJson(client, 'amazon.titan-text-express-v1', { inputText: 'hello' }, guardrail);
      const plain = await invokeJson(client, 'amazon.titan-text-express-v1', { inputText: 'BLOCKED' });
      client.destroy();

      expect(guarded['amazon-bedrock-guardrailAction']).toBe('NONE');
      expect(plain['amazon-bedrock-guardrailAction']).toBeUndefined();
      expect(plain.results[0].outputText).toBe(emulatorAnswer('BLOCKED').join(''));
    });
  });

  it('records every request with its operation, decoded model id, headers and body', async () => {
    const client = bedrockClient(emulator.url);

    await client.send(new ConverseCommand({ modelId: 'us.amazon.nova-pro-v1:0', messages: [{ role: 'user', content: [{ text: 'x' }] }] }));
    client.destroy();

    expect(emulator.requests).toEqual([
      {
        operation: 'converse',
        modelId: 'us.amazon.nova-pro-v1:0',
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: { messages: [{ role: 'user', content: [{ text: 'x' }] }] },
      },
    ]);
  });
});
