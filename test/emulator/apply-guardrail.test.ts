import { ApplyGuardrailCommand, type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, GUARDRAIL_ANSWER, startEmulator } from '../../local/emulator/index';
import { bedrockClient, caught, type Transport } from './helpers';

const check = (source: 'INPUT' | 'OUTPUT', texts: string[], guardrailVersion = '3') =>
  new ApplyGuardrailCommand({
    guardrailIdentifier: 'gr7abc',
    guardrailVersion,
    source,
    content: texts.map((text) => ({ text: { text } })),
  });

describe.each<Transport>(['h2', 'h1'])('ApplyGuardrail through the real SDK (%s)', (transport) => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url, transport);
  });
  afterAll(() => emulator.close());

  it('lets clean text pass', async () => {
    const out = await client.send(check('INPUT', ['18 degrees and sunny', '{"city":"Paris"}']));
    expect(out).toMatchObject({ action: 'NONE', outputs: [], assessments: [{}, {}], usage: { wordPolicyUnits: 2 } });
    expect(emulator.requests.at(-1)).toMatchObject({ operation: 'apply-guardrail', guardrail: { identifier: 'gr7abc', version: '3' } });
  });

  it.each(['INPUT', 'OUTPUT'] as const)(
    'blocks the word BLOCKED in any block (%s), with the same messaging as Converse',
    async (source) => {
      const out = await client.send(check(source, ['fine', 'something BLOCKED']));
      expect(out).toMatchObject({ action: 'GUARDRAIL_INTERVENED', outputs: [{ text: GUARDRAIL_ANSWER }] });
      expect(out.assessments?.[1]?.wordPolicy?.customWords?.[0]).toMatchObject({ match: 'BLOCKED', detected: true });
    },
  );

  it('tool results reach Converse unchecked, as AWS documents for its guardrail', async () => {
    const out = await client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        messages: [
          { role: 'user', content: [{ text: 'weather?' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: {} } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'BLOCKED' }] } }] },
        ],
        toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
        guardrailConfig: { guardrailIdentifier: 'gr7abc', guardrailVersion: '3' },
      }),
    );
    expect(out.stopReason).not.toBe('guardrail_intervened');
  });

  it.each([
    ['a version that is neither a number nor DRAFT', check('INPUT', ['x'], 'v1')],
    ['an empty content list', check('INPUT', [])],
  ])('refuses %s with a ValidationException', async (_name, command) => {
    expect(await caught(client.send(command))).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});
