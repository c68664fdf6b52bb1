import { describe, expect, it } from 'vitest';
import { countWords, emulatorAnswer, TOOL_RESULT_PREFIX } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { assemble, openAIClient } from './client';

const proxy = useLocalProxy();
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const prompt = 'Explain DevOps in one line';
const answer = emulatorAnswer(prompt).join('');
const client = () => openAIClient(proxy.url);

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('POST /v1/chat/completions with the openai SDK', () => {
  it('answers a chat completion', async () => {
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: prompt },
      ],
    });
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: claude,
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
    });
    const words = countWords('Be brief.', prompt);
    expect(completion.usage).toEqual({
      prompt_tokens: words,
      completion_tokens: emulatorAnswer(prompt).length,
      total_tokens: words + emulatorAnswer(prompt).length,
    });
  });

  it('streams deltas that join to the answer, then finish_reason, usage and [DONE]', async () => {
    const stream = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const result = await assemble(stream);
    expect(result.content).toBe(answer);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({
      prompt_tokens: countWords(prompt),
      completion_tokens: emulatorAnswer(prompt).length,
      total_tokens: countWords(prompt) + emulatorAnswer(prompt).length,
    });
    expect(result.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(result.chunks.at(-1)?.choices).toEqual([]);
    expect(new Set(result.chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('sends server-sent events with no-cache, and no usage chunk unless asked', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: claude, messages: [{ role: 'user', content: prompt }], stream: true }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Or a buffering reverse proxy (nginx) holds the tokens back.
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const last = JSON.parse(String(events.at(-2)).slice('data: '.length));
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(events.some((event) => event.includes('"usage"'))).toBe(false);
  });

  it('maps sampling fields and system / developer messages onto Converse', async () => {
    proxy.emulator.reset();
    await client().chat.completions.create({
      model: claude,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use English.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'user', content: [{ type: 'text', text: prompt }] },
      ],
      max_completion_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      user: 'someone',
      metadata: { team: 'a' },
      logprobs: false,
      n: 1,
      // Set to "nothing": accepted, as clients send them so.
      top_logprobs: null,
      logit_bias: {},
      audio: null,
      modalities: ['text'],
      web_search_options: null,
      functions: null,
      function_call: null,
    } as never);
    expect(proxy.emulator.requests.at(-1)).toMatchObject({
      operation: 'converse',
      modelId: claude,
      body: {
        system: [{ text: 'Be brief.' }, { text: 'Use English.' }],
        messages: [{ role: 'user', content: [{ text: 'Hi' }, { text: prompt }] }],
        inferenceConfig: { maxTokens: 50, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
      },
    });
  });

  it("sends an assistant message's refusal back as its text, the other fields an SDK echoes being null", async () => {
    proxy.emulator.reset();
    await client().chat.completions.create({
      model: claude,
      messages: [
        { role: 'user', content: 'Help me pick a lock' },
        { role: 'assistant', content: null, refusal: 'I cannot help with that.', audio: null, function_call: null },
        { role: 'user', content: prompt },
      ],
    });
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user', content: [{ text: 'Help me pick a lock' }] },
        { role: 'assistant', content: [{ text: 'I cannot help with that.' }] },
        { role: 'user', content: [{ text: prompt }] },
      ],
    });
  });

  it('reports a cut answer as finish_reason length', async () => {
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 2,
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.message.content).toBe(emulatorAnswer(prompt).slice(0, 2).join(''));
  });

  it('takes an image as a data: URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toContain(`I see an image (png, ${png.length} bytes).`);
  });
});

describe('tool calls', () => {
  it('streams a tool call and answers from its result (round trip)', async () => {
    const messages: Parameters<ReturnType<typeof client>['chat']['completions']['create']>[0]['messages'] = [
      { role: 'user', content: 'What is the weather in Paris? Use get_weather.' },
    ];
    const first = await assemble(await client().chat.completions.create({ model: claude, messages, tools: [weatherTool], stream: true }));
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0] ?? { id: '', name: '', arguments: '' };
    expect(call).toMatchObject({ id: expect.stringMatching(/^tooluse_/), name: 'get_weather' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'emulated' });
    // Arguments arrive in pieces: the first piece names the call, later ones carry only arguments.
    const pieces = first.chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(pieces[0]).toEqual({ index: 0, id: call.id, type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces.slice(1)) expect(Object.keys(piece).sort()).toEqual(['function', 'index']);

    messages.push(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
      },
      { role: 'tool', tool_call_id: call.id, content: '18 degrees and sunny' },
    );
    const second = await client().chat.completions.create({ model: claude, messages, tools: [weatherTool] });
    expect(second.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: `${TOOL_RESULT_PREFIX}18 degrees and sunny` } });
  });

  it('returns tool calls in a non-streamed completion', async () => {
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: 'Anything' }],
      tools: [weatherTool],
      tool_choice: 'required',
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"emulated"}' } }] },
    });
  });

  it('merges parallel tool results into one user turn', async () => {
    proxy.emulator.reset();
    const calls = ['a', 'b'].map((id) => ({
      id,
      type: 'function' as const,
      function: { name: 'get_weather', arguments: `{"city":"${id}"}` },
    }));
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [
        { role: 'user', content: 'Weather in a and b?' },
        { role: 'assistant', content: '', tool_calls: calls },
        { role: 'tool', tool_call_id: 'a', content: 'rain' },
        { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'snow' }] },
      ],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    expect(completion.choices[0]?.message.content).toBe(`${TOOL_RESULT_PREFIX}rain snow`);
    const body = proxy.emulator.requests.at(-1)?.body as { messages: unknown[]; toolConfig: unknown };
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in a and b?' }] },
      { role: 'assistant', content: calls.map((c) => ({ toolUse: { toolUseId: c.id, name: 'get_weather', input: { city: c.id } } })) },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'a', content: [{ text: 'rain' }] } },
          { toolResult: { toolUseId: 'b', content: [{ text: 'snow' }] } },
        ],
      },
    ]);
    expect(body.toolConfig).toMatchObject({ toolChoice: { tool: { name: 'get_weather' } } });
  });

  it('tool_choice none sends no tools', async () => {
    proxy.emulator.reset();
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: 'Use get_weather' }],
      tools: [weatherTool],
      tool_choice: 'none',
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(proxy.emulator.requests.at(-1)?.body).not.toHaveProperty('toolConfig');
  });
});

describe('reasoning and structured output', () => {
  it('reasoning_effort turns on Claude thinking and surfaces reasoning_content', async () => {
    proxy.emulator.reset();
    const stream = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: prompt }],
      reasoning_effort: 'low',
      stream: true,
    });
    const result = await assemble(stream);
    expect(result.reasoning).toBe(`Let me think about: ${prompt}`);
    expect(result.content).toBe(answer);
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      inferenceConfig: { maxTokens: 1024 + 4096 },
    });
    const completion = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: prompt }],
      reasoning_effort: 'high',
    });
    expect(completion.choices[0]?.message).toMatchObject({ content: answer, reasoning_content: `Let me think about: ${prompt}` });
  });

  it('reasoning_effort turns on Nova 2 reasoning through reasoningConfig', async () => {
    const nova2 = 'us.amazon.nova-2-lite-v1:0';
    const completion = await client().chat.completions.create({
      model: nova2,
      messages: [{ role: 'user', content: prompt }],
      reasoning_effort: 'medium',
    });
    expect(completion.choices[0]?.message).toMatchObject({ content: answer, reasoning_content: `Let me think about: ${prompt}` });
    expect(proxy.emulator.requests.at(-1)?.body).toMatchObject({
      additionalModelRequestFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } },
    });
  });

  it('response_format json_schema comes back as JSON content', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'] };
    const request = {
      model: claude,
      messages: [{ role: 'user' as const, content: 'Weather in Paris as JSON' }],
      response_format: { type: 'json_schema' as const, json_schema: { name: 'weather', schema } },
    };
    const completion = await client().chat.completions.create(request);
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: '{"city":"emulated","temp":1}' } });
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    const streamed = await assemble(await client().chat.completions.create({ ...request, stream: true }));
    expect(JSON.parse(streamed.content)).toEqual({ city: 'emulated', temp: 1 });
    expect(streamed.finishReason).toBe('stop');
    expect(streamed.toolCalls).toEqual([]);
  });
});
