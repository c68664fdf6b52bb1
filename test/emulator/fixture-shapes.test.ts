import { type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../local/emulator/index';
import { EMBEDDING_CASES } from './embedding-cases';
import { FAMILIES } from './families';
import { bedrockClient, converseEvents, fixtureJson, fixtureLines, invokeJson, invokeStreamChunks, shapeOf, streamShape } from './helpers';

const TOOL_CONFIG = {
  tools: [
    {
      toolSpec: {
        name: 'top_song',
        description: 'Get the most popular song played on a radio station.',
        inputSchema: { json: { type: 'object', properties: { sign: { type: 'string' } }, required: ['sign'] } },
      },
    },
  ],
};

describe('emulator output has the recorded shapes', () => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url);
  });

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  describe.each(FAMILIES)('$fixture', (family) => {
    it('InvokeModel body', async () => {
      const body = await invokeJson(client, family.modelId, family.body('Hello'));

      expect(shapeOf(body)).toEqual(shapeOf(fixtureJson(`${family.fixture}.invoke.json`)));
    });

    it('IMWRS chunks', async () => {
      const chunks = await invokeStreamChunks(client, family.modelId, family.body('Hello'));

      expect(streamShape(chunks)).toEqual(streamShape(fixtureLines(`${family.fixture}.stream.jsonl`)));
    });
  });

  it('Converse and ConverseStream with text', async () => {
    const input = {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      messages: [{ role: 'user' as const, content: [{ text: 'Hello' }] }],
    };
    const { $metadata, ...body } = await client.send(new ConverseCommand(input));
    const events = await converseEvents(client, input);

    expect($metadata.httpStatusCode).toBe(200);
    expect(shapeOf(body)).toEqual(shapeOf(fixtureJson('converse.json')));
    expect(streamShape(events)).toEqual(streamShape(fixtureLines('converse-stream.jsonl')));
  });

  it('Converse and ConverseStream with tool use', async () => {
    const input = {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      messages: [{ role: 'user' as const, content: [{ text: 'What is the top_song on WZPZ?' }] }],
      toolConfig: TOOL_CONFIG,
    };
    const { $metadata, ...body } = await client.send(new ConverseCommand(input));
    const events = await converseEvents(client, input);

    expect($metadata.httpStatusCode).toBe(200);
    expect(shapeOf(body)).toEqual(shapeOf(fixtureJson('converse-tool-use.json')));
    expect(streamShape(events)).toEqual(streamShape(fixtureLines('converse-stream-tool-use.jsonl')));
  });

  it.each(EMBEDDING_CASES)('$fixture embeddings', async ({ fixture, modelId, body }) => {
    const response = await invokeJson(client, modelId, body('hello world'));

    expect(shapeOf(response)).toEqual(shapeOf(fixtureJson(`${fixture}.embed.json`)));
  });
});
