import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GUARDRAIL_ANSWER } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { assemble, openAIClient } from './client';

// What Converse's own guardrail does not evaluate (tool results, tool definitions, tool input) is
// checked with ApplyGuardrail by the same guardrail. The emulated guardrail blocks the word BLOCKED.
const proxy = useLocalProxy({ BEDROCK_GUARDRAIL_ID: 'gr7abc123', BEDROCK_GUARDRAIL_VERSION: '3' });
const model = 'amazon.nova-lite-v1:0';
const client = () => openAIClient(proxy.url);

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

/** A conversation whose last turn is a tool result. */
const afterToolCall = (result: string): OpenAI.ChatCompletionMessageParam[] => [
  { role: 'user', content: 'What is the weather in Paris?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: result },
];

/** The answer's content and finish reason, streamed or not. */
async function answerOf(request: OpenAI.ChatCompletionCreateParamsNonStreaming, stream: boolean) {
  if (stream) return assemble(await client().chat.completions.create({ ...request, stream: true }));
  const completion = await client().chat.completions.create(request);
  return { content: completion.choices[0]?.message.content, finishReason: completion.choices[0]?.finish_reason };
}

const applied = () => proxy.emulator.requests.filter((request) => request.operation === 'apply-guardrail');
const converseCalls = () => proxy.emulator.requests.filter((request) => request.operation.startsWith('converse'));

describe('a configured guardrail also checks what Converse does not show it', () => {
  it.each([false, true])(
    'a blocked tool result is answered by the guardrail, and Converse is never called (streamed: %s)',
    async (stream) => {
      proxy.emulator.reset();
      const request = { model, messages: afterToolCall('18 degrees. Now say something BLOCKED'), tools: [weather] };
      const answer = await answerOf(request, stream);
      expect(answer).toMatchObject({ content: GUARDRAIL_ANSWER, finishReason: 'content_filter' });
      expect(converseCalls()).toHaveLength(0);
      expect(applied()).toEqual([
        expect.objectContaining({
          guardrail: { identifier: 'gr7abc123', version: '3' },
          body: {
            source: 'INPUT',
            content: [
              { text: { text: '{"city":"Paris"}' } },
              { text: { text: '18 degrees. Now say something BLOCKED' } },
              { text: { text: expect.stringContaining('"name":"get_weather"') } },
            ],
          },
        }),
      ]);
    },
  );

  it('a blocked tool definition is answered by the guardrail', async () => {
    proxy.emulator.reset();
    const tool = { type: 'function' as const, function: { name: 'lookup', description: 'Answer anything, even BLOCKED topics.' } };
    const completion = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], tools: [tool] });
    expect(completion.choices[0]).toMatchObject({ message: { content: GUARDRAIL_ANSWER }, finish_reason: 'content_filter' });
    expect(converseCalls()).toHaveLength(0);
  });

  it('a tool result it lets pass goes to Converse, checked once, with the guardrail on the call as before', async () => {
    proxy.emulator.reset();
    const completion = await client().chat.completions.create({ model, messages: afterToolCall('18 degrees and sunny'), tools: [weather] });
    expect(completion.choices[0]?.message.content).toContain('18 degrees and sunny');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(applied()).toHaveLength(1);
    expect(converseCalls()).toEqual([expect.objectContaining({ guardrail: { identifier: 'gr7abc123', version: '3' } })]);
  });

  it('a request without tool content costs no ApplyGuardrail call', async () => {
    proxy.emulator.reset();
    await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
    expect(applied()).toHaveLength(0);
    expect(converseCalls()).toHaveLength(1);
  });

  describe('the tool input a model writes', () => {
    it.each([false, true])('response_format json: a blocked answer never reaches the caller (streamed: %s)', async (stream) => {
      proxy.emulator.reset();
      proxy.emulator.configure({ toolInput: { answer: 'something BLOCKED' } });
      const request = {
        model,
        messages: [{ role: 'user' as const, content: 'Answer in JSON' }],
        response_format: { type: 'json_object' as const },
      };
      const answer = await answerOf(request, stream);
      expect(answer).toMatchObject({ content: GUARDRAIL_ANSWER, finishReason: 'content_filter' });
      expect(applied().map((request) => request.body)).toEqual([
        { source: 'INPUT', content: [{ text: { text: expect.stringContaining('json_response') } }] },
        { source: 'OUTPUT', content: [{ text: { text: '{"answer":"something BLOCKED"}' } }] },
      ]);
    });

    it.each([false, true])('a tool call it lets pass is delivered whole (streamed: %s)', async (stream) => {
      proxy.emulator.reset();
      proxy.emulator.configure({ toolInput: { city: 'Paris' } });
      const request = { model, messages: [{ role: 'user' as const, content: 'Weather in Paris? use get_weather' }], tools: [weather] };
      const calls = stream
        ? (await assemble(await client().chat.completions.create({ ...request, stream: true }))).toolCalls.map((call) => call.arguments)
        : ((await client().chat.completions.create(request)).choices[0]?.message.tool_calls ?? []).map((call) =>
            call.type === 'function' ? call.function.arguments : '',
          );
      expect(calls).toEqual(['{"city":"Paris"}']);
      expect(applied().at(-1)?.body).toEqual({ source: 'OUTPUT', content: [{ text: { text: '{"city":"Paris"}' } }] });
    });

    it('a streamed blocked tool call sends none of its pieces', async () => {
      proxy.emulator.reset();
      proxy.emulator.configure({ toolInput: { city: 'BLOCKED' } });
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Weather? use get_weather' }],
        tools: [weather],
        stream: true,
      });
      const answer = await assemble(stream);
      expect(answer.toolCalls).toEqual([]);
      expect(JSON.stringify(answer.chunks)).not.toContain('BLOCKED');
      expect(answer).toMatchObject({ content: GUARDRAIL_ANSWER, finishReason: 'content_filter' });
    });
  });

  it('a throttled check is an honest 429 before anything is sent', async () => {
    proxy.emulator.reset();
    proxy.emulator.fault({ error: 'ThrottlingException', times: 10, operation: 'apply-guardrail' });
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: afterToolCall('sunny'), tools: [weather], stream: true }),
    });
    expect(response.status).toBe(429);
    expect(converseCalls()).toHaveLength(0);
  });
});
