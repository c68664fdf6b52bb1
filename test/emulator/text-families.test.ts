import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords, type Emulator, emulatorAnswer, startEmulator } from '../../local/emulator/index';
import { FAMILIES } from './families';
import { bedrockClient, invokeJson, invokeStreamChunks, type Transport } from './helpers';

const PROMPT = 'What is the capital of France?';

describe.each<Transport>(['h2', 'h1'])('text families over %s', (transport) => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url, transport);
  });

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  describe.each(FAMILIES)('$fixture', (family) => {
    const answer = emulatorAnswer(PROMPT);
    const inputTokens = countWords(PROMPT) + (family.extraInputWords ?? 0);

    it('InvokeModel answers the prompt with the normal stop reason', async () => {
      const body = await invokeJson(client, family.modelId, family.body(PROMPT));

      expect(family.invokeText(body)).toBe(answer.join(''));
      expect(family.invokeStop(body)).toBe(family.stops.end);
      const usage = family.invokeUsage(body);
      if (usage.input !== undefined) expect(usage.input).toBe(inputTokens);
      if (usage.output !== undefined) expect(usage.output).toBe(answer.length);
    });

    it('InvokeModel truncates at the max tokens field', async () => {
      const body = await invokeJson(client, family.modelId, family.body(PROMPT, 3));

      expect(family.invokeText(body)).toBe(answer.slice(0, 3).join(''));
      expect(family.invokeStop(body)).toBe(family.stops.length);
    });

    it('InvokeModelWithResponseStream streams one chunk per word and ends with invocation metrics', async () => {
      const chunks = await invokeStreamChunks(client, family.modelId, family.body(PROMPT));

      const deltas = chunks.map(family.chunkText).filter((text) => text.length > 0);
      expect(deltas).toEqual(answer);
      expect(family.streamStop(chunks)).toBe(family.stops.end);
      expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({
        inputTokenCount: inputTokens,
        outputTokenCount: answer.length,
        invocationLatency: expect.any(Number),
        firstByteLatency: expect.any(Number),
      });
      expect(chunks.slice(0, -1).every((chunk) => !('amazon-bedrock-invocationMetrics' in chunk))).toBe(true);
    });

    it('InvokeModelWithResponseStream truncates at the max tokens field', async () => {
      const chunks = await invokeStreamChunks(client, family.modelId, family.body(PROMPT, 2));

      expect(chunks.map(family.chunkText).join('')).toBe(answer.slice(0, 2).join(''));
      expect(family.streamStop(chunks)).toBe(family.stops.length);
      expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ outputTokenCount: 2 });
    });
  });
});
