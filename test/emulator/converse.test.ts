import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type Tool } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countWords, type Emulator, emulatorAnswer, GUARDRAIL_ANSWER, startEmulator } from '../../local/emulator/index';
import { FAMILIES } from './families';
import { bedrockClient, caught, converseEvents, converseText } from './helpers';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

const WEATHER_TOOL: Tool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: {
      json: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          days: { type: 'integer' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          note: { type: 'string' },
        },
        required: ['city', 'days', 'unit'],
      },
    },
  },
};

function ask(text: string, extra: Partial<ConverseCommandInput> = {}): ConverseCommandInput {
  return { modelId: CLAUDE, messages: [{ role: 'user', content: [{ text }] }], ...extra };
}

describe('Converse and ConverseStream', () => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url);
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  it.each(FAMILIES.map((family) => family.modelId))('answers through %s', async (modelId) => {
    const input = ask('Tell me a joke', { modelId });
    const answer = emulatorAnswer('Tell me a joke');

    const response = await client.send(new ConverseCommand(input));
    const events = await converseEvents(client, input);

    expect(response.output?.message?.content).toEqual([{ text: answer.join('') }]);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 4, outputTokens: answer.length, totalTokens: 4 + answer.length });
    expect(events.map((event) => event.contentBlockDelta?.delta?.text).filter(Boolean)).toEqual(answer);
    expect(Object.keys(events[0] ?? {})).toEqual(['messageStart']);
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata?.usage).toEqual(response.usage);
    expect(events.at(-1)?.metadata?.metrics?.latencyMs).toEqual(expect.any(Number));
  });

  it('counts system prompts and history as input tokens and answers the last user message', async () => {
    const input = ask('', {
      system: [{ text: 'You are terse.' }],
      messages: [
        { role: 'user', content: [{ text: 'first question' }] },
        { role: 'assistant', content: [{ text: 'first answer' }] },
        { role: 'user', content: [{ text: 'second' }, { text: 'question' }] },
      ],
    });

    const response = await client.send(new ConverseCommand(input));

    expect(response.output?.message?.content?.[0]?.text).toBe(emulatorAnswer('second question').join(''));
    expect(response.usage?.inputTokens).toBe(countWords('You are terse. first question first answer second question'));
  });

  it('truncates at inferenceConfig.maxTokens with stopReason max_tokens', async () => {
    const input = ask('Count to ten', { inferenceConfig: { maxTokens: 4 } });

    const response = await client.send(new ConverseCommand(input));
    const events = await converseEvents(client, input);

    expect(response.output?.message?.content?.[0]?.text).toBe(emulatorAnswer('Count to ten').slice(0, 4).join(''));
    expect(response.stopReason).toBe('max_tokens');
    expect(converseText(events)).toBe(emulatorAnswer('Count to ten').slice(0, 4).join(''));
    expect(events.at(-2)?.messageStop?.stopReason).toBe('max_tokens');
  });

  it('describes image blocks', async () => {
    const input = ask('', {
      messages: [
        { role: 'user', content: [{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: new Uint8Array(68) } } }] },
      ],
    });

    const response = await client.send(new ConverseCommand(input));

    expect(response.output?.message?.content?.[0]?.text).toBe(emulatorAnswer('What is this? I see an image (png, 68 bytes).').join(''));
  });

  describe('tool use', () => {
    const expectedInput = { city: 'emulated', days: 1, unit: 'celsius' };

    it.each([
      ['toolChoice any', ask('Hello', { toolConfig: { tools: [WEATHER_TOOL], toolChoice: { any: {} } } })],
      ['toolChoice tool', ask('Hello', { toolConfig: { tools: [WEATHER_TOOL], toolChoice: { tool: { name: 'get_weather' } } } })],
      ['a prompt naming the tool', ask('Please call get_weather for Paris', { toolConfig: { tools: [WEATHER_TOOL] } })],
    ])('calls the tool on %s', async (_, input) => {
      const response = await client.send(new ConverseCommand(input));

      const toolUse = response.output?.message?.content?.[0]?.toolUse;
      expect(toolUse).toEqual({ toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather', input: expectedInput });
      expect(response.stopReason).toBe('tool_use');
    });

    it('answers in text when the tool is neither required nor named', async () => {
      const response = await client.send(
        new ConverseCommand(ask('Hello', { toolConfig: { tools: [WEATHER_TOOL], toolChoice: { auto: {} } } })),
      );

      expect(response.output?.message?.content?.[0]?.text).toBe(emulatorAnswer('Hello').join(''));
      expect(response.stopReason).toBe('end_turn');
    });

    it('streams the tool input as JSON pieces inside one content block', async () => {
      const events = await converseEvents(client, ask('use get_weather', { toolConfig: { tools: [WEATHER_TOOL] } }));

      const start = events.find((event) => event.contentBlockStart)?.contentBlockStart;
      const pieces = events.map((event) => event.contentBlockDelta?.delta?.toolUse?.input).filter((piece) => piece !== undefined);
      expect(start).toEqual({
        contentBlockIndex: 0,
        start: { toolUse: { toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather' } },
      });
      expect(pieces.length).toBeGreaterThan(1);
      expect(JSON.parse(pieces.join(''))).toEqual(expectedInput);
      expect(events.some((event) => event.contentBlockStop?.contentBlockIndex === 0)).toBe(true);
      expect(events.at(-2)?.messageStop?.stopReason).toBe('tool_use');
    });

    it('echoes a tool result instead of calling the tool again', async () => {
      const input = ask('', {
        toolConfig: { tools: [WEATHER_TOOL], toolChoice: { any: {} } },
        messages: [
          { role: 'user', content: [{ text: 'get_weather for Paris' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: expectedInput } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ json: { temperature: 21 } }] } }] },
        ],
      });

      const response = await client.send(new ConverseCommand(input));
      const events = await converseEvents(client, input);

      expect(response.output?.message?.content?.[0]?.text).toBe('The tool returned: {"temperature":21}');
      expect(response.stopReason).toBe('end_turn');
      expect(converseText(events)).toBe('The tool returned: {"temperature":21}');
    });
  });

  it('emits a reasoning block before the text when thinking is requested', async () => {
    const input = ask('Why is the sky blue?', { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } });

    const response = await client.send(new ConverseCommand(input));
    const events = await converseEvents(client, input);

    const [reasoning, text] = response.output?.message?.content ?? [];
    expect(reasoning?.reasoningContent?.reasoningText).toEqual({
      text: 'Let me think about: Why is the sky blue?',
      signature: expect.any(String),
    });
    expect(text?.text).toBe(emulatorAnswer('Why is the sky blue?').join(''));
    const reasoningDeltas = events
      .map((event) => event.contentBlockDelta)
      .filter((delta) => delta?.delta?.reasoningContent?.text !== undefined);
    expect(reasoningDeltas.map((delta) => delta?.delta?.reasoningContent?.text).join('')).toBe('Let me think about: Why is the sky blue?');
    expect(reasoningDeltas.every((delta) => delta?.contentBlockIndex === 0)).toBe(true);
    expect(events.some((event) => event.contentBlockDelta?.delta?.reasoningContent?.signature)).toBe(true);
    expect(
      events.filter((event) => event.contentBlockDelta?.delta?.text).every((event) => event.contentBlockDelta?.contentBlockIndex === 1),
    ).toBe(true);
  });

  describe('guardrails', () => {
    const guardrailConfig = { guardrailIdentifier: 'gr-123', guardrailVersion: '2' };

    it('intervenes on BLOCKED prompts', async () => {
      const input = ask('This is BLOCKED content', { guardrailConfig });

      const response = await client.send(new ConverseCommand(input));
      const events = await converseEvents(client, { ...input, guardrailConfig: { ...guardrailConfig, streamProcessingMode: 'sync' } });

      expect(response.output?.message?.content?.[0]?.text).toBe(GUARDRAIL_ANSWER);
      expect(response.stopReason).toBe('guardrail_intervened');
      expect(converseText(events)).toBe(GUARDRAIL_ANSWER);
      expect(events.at(-2)?.messageStop?.stopReason).toBe('guardrail_intervened');
      expect(emulator.requests.map((request) => request.guardrail)).toEqual([
        { identifier: 'gr-123', version: '2' },
        { identifier: 'gr-123', version: '2' },
      ]);
    });

    it('lets other prompts through, and BLOCKED passes without a guardrail', async () => {
      const guarded = await client.send(new ConverseCommand(ask('hello', { guardrailConfig })));
      const unguarded = await client.send(new ConverseCommand(ask('BLOCKED words')));

      expect(guarded.stopReason).toBe('end_turn');
      expect(unguarded.output?.message?.content?.[0]?.text).toBe(emulatorAnswer('BLOCKED words').join(''));
      expect(emulator.requests[1]?.guardrail).toBeUndefined();
    });
  });

  it('rejects embedding models and empty conversations with a ValidationException', async () => {
    const embedding = await caught(client.send(new ConverseCommand(ask('hi', { modelId: 'amazon.titan-embed-text-v2:0' }))));
    const empty = await caught(client.send(new ConverseCommand({ modelId: CLAUDE, messages: [] })));

    expect(embedding.name).toBe('ValidationException');
    expect(empty.name).toBe('ValidationException');
    expect(empty.$metadata.httpStatusCode).toBe(400);
  });
});
