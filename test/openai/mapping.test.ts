import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { converseMapper, readConverse } from '../../lambda/chat/converse';
import { ChatCompletionRequest } from '../../lambda/openai/chat-schema';
import { type ChunkOptions, completionChunks } from '../../lambda/openai/chunks';
import { chatCompletion, finishReason } from '../../lambda/openai/completion';
import { toConverseSpec } from '../../lambda/openai/to-converse';
import { parseWith } from '../../lambda/schemas/validate';
import { jsonLines, mapAll, openAIFixture, replay } from './fixtures';

const meta = { id: 'chatcmpl-fixture', created: 1_700_000_000, model: 'm' };
const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const request = (fields: Record<string, unknown>) =>
  parseWith(ChatCompletionRequest, { messages: [{ role: 'user', content: 'hi' }], ...fields });

describe('OpenAI request → ConverseSpec', () => {
  it('maps the function-calling round trip, ignoring fields Bedrock has no use for', () => {
    // Prepare
    const body = parseWith(ChatCompletionRequest, openAIFixture('function-calling.request.json'));
    // Act
    const plan = toConverseSpec(haiku, body);
    // Assess
    expect(plan).toEqual(openAIFixture('function-calling.converse.json'));
  });

  it.each([
    ['required', { any: {} }],
    [{ type: 'function', function: { name: 'f' } }, { tool: { name: 'f' } }],
  ])('tool_choice %j → %j', (choice, toolChoice) => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const { spec } = toConverseSpec(haiku, request({ tools, tool_choice: choice }));
    expect(spec.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } }],
      toolChoice,
    });
  });

  it('tool_choice none drops the tools, unless the history holds tool blocks', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    expect(toConverseSpec(haiku, request({ tools, tool_choice: 'none' })).spec.toolConfig).toBeUndefined();
    const history = openAIFixture<{ messages: unknown[] }>('function-calling.request.json').messages;
    const { spec } = toConverseSpec(haiku, request({ messages: history, tools, tool_choice: 'none' }));
    expect(spec.toolConfig).toEqual({ tools: [expect.objectContaining({ toolSpec: expect.objectContaining({ name: 'f' }) })] });
  });

  it('a history with tool blocks but no tools still gets the toolConfig Converse requires', () => {
    const history = openAIFixture<{ messages: unknown[] }>('function-calling.request.json').messages;
    const { spec } = toConverseSpec(haiku, request({ messages: history }));
    expect(spec.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: {} } } } }],
    });
  });

  it('merges consecutive turns of one role, as Converse requires alternation', () => {
    const { spec } = toConverseSpec(
      haiku,
      request({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
          { role: 'user', content: 'c' },
        ],
      }),
    );
    expect(spec.messages).toEqual([{ role: 'user', content: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] }]);
  });

  it('turns a data: URL into image bytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const { spec } = toConverseSpec(
      haiku,
      request({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${png.toString('base64')}`, detail: 'low' } }],
          },
        ],
      }),
    );
    expect(spec.messages[0]?.content?.[0]).toEqual({ image: { format: 'jpeg', source: { bytes: new Uint8Array(png) } } });
  });

  it('reads a data: URL with parameters before base64', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const url = `data:IMAGE/PNG;name=cat.png;base64,${png.toString('base64')}`;
    const { spec } = toConverseSpec(haiku, request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] }));
    expect(spec.messages[0]?.content?.[0]).toEqual({ image: { format: 'png', source: { bytes: new Uint8Array(png) } } });
  });

  it.each([
    ['https://example.com/a.png', 'unsupported_image_url'],
    ['data:image/tiff;base64,AAAA', 'invalid_image_url'],
    ['data:image/png,plain', 'invalid_image_url'],
    // A name of an Object.prototype member is no media type (it sent an invalid body to Bedrock).
    ['data:constructor;base64,AAAA', 'invalid_image_url'],
    // A long run of ";" (a regex once backtracked quadratically on it).
    [`data:image/png${';'.repeat(100_000)}x,AAAA`, 'invalid_image_url'],
  ])('refuses the image URL %s', (url, code) => {
    expect(() =>
      toConverseSpec(haiku, request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] })),
    ).toThrow(
      expect.objectContaining({ statusCode: 400, details: expect.objectContaining({ code, param: 'messages.0.content.0.image_url.url' }) }),
    );
  });

  it('names the part a 400 is about when Converse cannot take it', () => {
    const body = request({
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
    });
    expect(() => toConverseSpec(haiku, body)).toThrow(
      expect.objectContaining({ statusCode: 400, details: expect.objectContaining({ param: 'messages.0.content.0.type' }) }),
    );
  });

  it.each([
    ['low', haiku, { thinking: { type: 'enabled', budget_tokens: 1024 } }, 1024 + 4096],
    ['high', `us.${haiku}`, { thinking: { type: 'enabled', budget_tokens: 16384 } }, 16384 + 4096],
    ['medium', 'us.amazon.nova-2-lite-v1:0', { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } }, undefined],
    ['high', 'meta.llama3-1-8b-instruct-v1:0', undefined, undefined],
    ['minimal', haiku, undefined, undefined],
  ])('reasoning_effort %s on %s', (effort, model, fields, maxTokens) => {
    const { spec } = toConverseSpec(model, request({ reasoning_effort: effort }));
    expect(spec.additionalModelRequestFields).toEqual(fields);
    expect(spec.maxTokens).toBe(maxTokens);
  });

  it("keeps Claude's thinking budget below max_completion_tokens, and refuses a cap too small for any thinking", () => {
    const { spec } = toConverseSpec(haiku, request({ reasoning_effort: 'high', max_completion_tokens: 3000 }));
    expect(spec).toMatchObject({ maxTokens: 3000, additionalModelRequestFields: { thinking: { budget_tokens: 2999 } } });
    expect(() => toConverseSpec(haiku, request({ reasoning_effort: 'low', max_tokens: 1000 }))).toThrow(
      expect.objectContaining({ statusCode: 400, details: expect.objectContaining({ param: 'max_completion_tokens' }) }),
    );
  });

  it('response_format json_schema becomes a forced tool with that schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const plan = toConverseSpec(
      haiku,
      request({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } } }),
    );
    expect(plan.outputTool).toBe('answer');
    expect(plan.spec.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'answer', description: 'Give the answer as this JSON object.', inputSchema: { json: schema } } }],
      toolChoice: { tool: { name: 'answer' } },
    });
    expect(toConverseSpec(haiku, request({ response_format: { type: 'text' } })).outputTool).toBeUndefined();
  });

  it('accepts nulls and unknown fields the way OpenAI clients send them', () => {
    const { spec } = toConverseSpec(
      haiku,
      request({ temperature: null, stop: null, tools: null, n: null, seed: 1, prediction: null, modalities: ['text'] }),
    );
    expect(spec).toMatchObject({ temperature: undefined, stop: undefined, toolConfig: undefined });
  });
});

describe('Converse output → chat.completion(.chunk)', () => {
  const streamed = (dir: 'bedrock' | 'openai', input: string, options: ChunkOptions) => {
    const chunks = completionChunks(meta, options);
    return [chunks.first, ...mapAll(mapAll(replay(dir, input), converseMapper()), chunks)];
  };

  it.each([
    ['converse-stream-tool-use.jsonl', 'bedrock', 'converse-stream-tool-use.chunks.jsonl', true],
    ['converse-stream.jsonl', 'bedrock', 'converse-stream.chunks.jsonl', false],
    ['converse-stream-reasoning.jsonl', 'openai', 'converse-stream-reasoning.chunks.jsonl', false],
  ] as const)('%s streams as %s', (input, dir, expected, includeUsage) => {
    expect(streamed(dir, input, { includeUsage })).toEqual(jsonLines('openai', expected));
  });

  it('streams "{}" for a tool call Bedrock gave no input pieces (a tool without parameters), as the non-streamed path does', () => {
    // Bedrock sends only contentBlockStart and contentBlockStop for such a call.
    const events: ConverseStreamOutput[] = [
      { messageStart: { role: 'assistant' } },
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_1', name: 'get_time' } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_2', name: 'get_zone' } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '"Oslo"}' } } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { messageStop: { stopReason: 'tool_use' } },
    ];
    const chunks = mapAll(mapAll(events, converseMapper()), completionChunks(meta, { includeUsage: false }));
    const args = ['', ''];
    for (const chunk of chunks) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) args[call.index] += call.function.arguments;
    }
    expect(args.map((text) => JSON.parse(text))).toEqual([{}, { city: 'Oslo' }]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams "{}" as the answer of a structured-output tool that got no input pieces', () => {
    const events: ConverseStreamOutput[] = [
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_1', name: 'top_song' } } } },
      { messageStop: { stopReason: 'tool_use' } },
    ];
    const chunks = mapAll(mapAll(events, converseMapper()), completionChunks(meta, { includeUsage: false, outputTool: 'top_song' }));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('{}');
  });

  it('streams a structured-output tool as content', () => {
    const chunks = streamed('bedrock', 'converse-stream-tool-use.jsonl', { includeUsage: false, outputTool: 'top_song' });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('{"sign": "WZPZ"}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls)).toBe(false);
  });

  it('maps a Converse tool-use response to a non-streamed completion', () => {
    const result = readConverse(openAIFixture('../bedrock/converse-tool-use.json'));
    expect(chatCompletion(meta, result)).toEqual({
      id: 'chatcmpl-fixture',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', type: 'function', function: { name: 'top_song', arguments: '{"sign":"WZPZ"}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 375, completion_tokens: 36, total_tokens: 411 },
    });
    expect(chatCompletion(meta, result, 'top_song').choices[0]).toMatchObject({
      message: { content: '{"sign":"WZPZ"}' },
      finish_reason: 'stop',
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    [null, 'stop'],
  ])('stop reason %s → finish_reason %s', (stop, finish) => {
    expect(finishReason(stop)).toBe(finish);
  });
});
