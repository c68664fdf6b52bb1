import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';
import { openAIClient } from './client';

const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const proxy = useLocalProxy({ ALLOWED_MODELS: claude, MAX_BODY_BYTES: String(64 * 1024) });
const client = () => openAIClient(proxy.url);
const messages = [{ role: 'user' as const, content: 'hi' }];

/** The error an SDK call rejects with. */
async function failure(call: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('errors reach the openai SDK as its own error classes', () => {
  it.each([
    ['n other than 1', { n: 2 }, 'n'],
    ['logprobs', { logprobs: true }, 'logprobs'],
    ['an unknown role', { messages: [{ role: 'function', content: 'x', name: 'f' }] }, 'messages.0.role'],
    [
      'an http image URL',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] },
      'messages.0.content.0.image_url.url',
    ],
    ['tool_choice naming no tool', { tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice'],
    [
      'arguments that are not JSON',
      { messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{' } }] }] },
      'messages.0.tool_calls.0.function.arguments',
    ],
  ])('%s → BadRequestError (400) naming the field', async (_name, fields, param) => {
    const error = await failure(() => client().chat.completions.create({ model: claude, messages, ...fields } as never));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
  });

  const turns = (assistant: Record<string, unknown>) => ({ messages: [...messages, { role: 'assistant', ...assistant }, ...messages] });

  // Each of these once came back 200 with an ordinary text answer to a different question.
  it.each([
    ['functions (legacy)', { functions: [{ name: 'f', parameters: { type: 'object' } }] }, 'functions', /use tools and tool_choice/],
    ['function_call (legacy)', { function_call: 'auto' }, 'function_call', /use tools and tool_choice/],
    ['audio output', { audio: { voice: 'alloy', format: 'wav' } }, 'audio', /audio output is not supported/],
    ['modalities with audio', { modalities: ['text', 'audio'] }, 'modalities.1', /audio output is not supported/],
    ['web_search_options', { web_search_options: {} }, 'web_search_options', /web search is not available/],
    ['a non-empty logit_bias', { logit_bias: { '50256': -100 } }, 'logit_bias', /logit_bias is not available/],
    ['top_logprobs', { top_logprobs: 2 }, 'top_logprobs', /logprobs are not available/],
    ['an assistant audio turn', turns({ audio: { id: 'a1' } }), 'messages.1.audio', /audio turns are not supported/],
    ['an assistant function_call', turns({ function_call: { name: 'f', arguments: '{}' } }), 'messages.1.function_call', /use tool_calls/],
    ['an assistant turn with no content', turns({ content: null }), 'messages.1.content', /content or tool_calls/],
    ['an assistant turn with blank content', turns({ content: '' }), 'messages.1.content', /content or tool_calls/],
    ['an assistant turn of blank parts', turns({ content: [{ type: 'text', text: ' ' }] }), 'messages.1.content', /content or tool_calls/],
  ])('%s → 400 naming the field and saying why, not a silent change of the question', async (_name, fields, param, message) => {
    const error = await failure(() => client().chat.completions.create({ model: claude, messages, ...fields } as never));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
    expect(error.message).toMatch(message);
  });

  it.each([
    ['too many messages', { messages: Array.from({ length: 501 }, () => messages[0]) }, 'messages'],
    ['max_tokens over the cap', { max_tokens: 128_001 }, 'max_tokens'],
    ['max_completion_tokens over the cap', { max_completion_tokens: 128_001 }, 'max_completion_tokens'],
  ])('the same input caps as /chat: %s → 400', async (_name, fields, param) => {
    const error = await failure(() => client().chat.completions.create({ model: claude, messages, ...fields } as never));
    expect(error).toMatchObject({ status: 400, param });
  });

  it('a tool schema nesting 3,000 levels deep → 400, not a 502 from a stack overflow', async () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 1500; level++) schema = { type: 'object', properties: { a: schema } };
    const tools = [{ type: 'function' as const, function: { name: 'deep', parameters: schema } }];
    const error = await failure(() => client().chat.completions.create({ model: claude, messages, tools }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'too_deeply_nested' });
  });

  it('tool-call arguments nesting 20,000 levels inside their JSON string → 400, not a 502 from a stack overflow', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const history = [
      ...messages,
      {
        role: 'assistant' as const,
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'f', arguments: `{"a":${deep}}` } }],
      },
      { role: 'tool' as const, tool_call_id: 'call_1', content: 'ok' },
    ];
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
    const error = await failure(() => client().chat.completions.create({ model: claude, messages: history, tools }));
    expect(error).toMatchObject({ status: 400, code: 'too_deeply_nested', param: 'messages.1.tool_calls.0.function.arguments' });
  });

  it('tool-call arguments with a number beyond a double inside their JSON string → 400', async () => {
    const history = [
      ...messages,
      {
        role: 'assistant' as const,
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'f', arguments: '{"a":-1e400}' } }],
      },
      { role: 'tool' as const, tool_call_id: 'call_1', content: 'ok' },
    ];
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
    const error = await failure(() => client().chat.completions.create({ model: claude, messages: history, tools }));
    expect(error).toMatchObject({ status: 400, code: 'number_out_of_range', param: 'messages.1.tool_calls.0.function.arguments' });
  });

  it('the same embedding caps as /chat: too many inputs, or one too long → 400', async () => {
    const model = 'amazon.titan-embed-text-v2:0';
    const many = await failure(() => client().embeddings.create({ model, input: Array.from({ length: 257 }, (_, i) => `t${i}`) }));
    expect(many).toMatchObject({ status: 400, param: 'input' });
    expect((many as Error).message).toContain('at most 256 texts');
    const missing = await failure(() => client().embeddings.create({ model } as never));
    expect(missing).toMatchObject({ status: 400, param: 'input' });
    expect((missing as Error).message).toContain('is required');
    const long = await failure(() => client().embeddings.create({ model, input: 'x'.repeat(50_001) }));
    expect(long).toMatchObject({ status: 400, param: 'input' });
  });

  it('an http image URL is refused with a message that says what to send', async () => {
    const error = await failure(() =>
      client().chat.completions.create({
        model: claude,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
      }),
    );
    expect(error.message).toMatch(/data: URL/);
  });

  it('a token-array embedding input → BadRequestError', async () => {
    const error = await failure(() => client().embeddings.create({ model: 'amazon.titan-embed-text-v2:0', input: [1, 2, 3] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('input');
  });

  it('a model outside ALLOWED_MODELS → PermissionDeniedError (403)', async () => {
    const error = await failure(() => client().chat.completions.create({ model: 'meta.llama3-1-8b-instruct-v1:0', messages }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
  });

  it('an unknown model id → NotFoundError (404)', async () => {
    await expect(client().models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    proxy.emulator.fault({ error: 'ResourceNotFoundException', operation: 'converse' });
    await expect(client().chat.completions.create({ model: claude, messages })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('a body over the limit → 413', async () => {
    const error = await failure(() =>
      client().chat.completions.create({ model: claude, messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }),
    );
    expect(error.status).toBe(413);
  });

  it('throttling → RateLimitError (429) with Retry-After', async () => {
    proxy.emulator.fault({ error: 'ThrottlingException', operation: 'converse-stream' });
    const error = await failure(() => client().chat.completions.create({ model: claude, messages, stream: true }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toMatch(/^\d+$/);
  });

  it.each([
    ['ModelErrorException', 502],
    ['ServiceUnavailableException', 503],
    ['ModelTimeoutException', 504],
  ] as const)('%s → InternalServerError (%i)', async (code, status) => {
    proxy.emulator.fault({ error: code, operation: 'converse' });
    const error = await failure(() => client().chat.completions.create({ model: claude, messages }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(status);
  });

  it('the embeddings endpoint maps Bedrock errors the same way', async () => {
    proxy.emulator.fault({ error: 'ServiceUnavailableException' });
    const error = await failure(() => client().embeddings.create({ model: 'amazon.titan-embed-text-v2:0', input: 'x' }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
  });
});

describe('a failure after the stream began', () => {
  it('surfaces as an APIError while iterating, after the deltas already sent', async () => {
    proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 2, operation: 'converse-stream' });
    const stream = await client().chat.completions.create({ model: claude, messages, stream: true });
    let content = '';
    const iterate = async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    };
    const error = await iterate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ type: 'rate_limit_error', code: 'ThrottlingException' });
    expect(content).toBe(emulatorAnswer('hi').slice(0, 2).join(''));
  });

  it('a stream Bedrock ends early but cleanly is an error, not a finish_reason "stop"', async () => {
    proxy.emulator.fault({ midStream: 'truncated', afterChunks: 2, operation: 'converse-stream' });
    const stream = await client().chat.completions.create({ model: claude, messages, stream: true });
    const reasons: (string | null | undefined)[] = [];
    let content = '';
    const error = await (async () => {
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta.content ?? '';
        reasons.push(chunk.choices[0]?.finish_reason);
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ type: 'upstream_error', code: 'incomplete_stream' });
    expect(content).toBe(emulatorAnswer('hi').slice(0, 2).join(''));
    expect(reasons.filter(Boolean)).toEqual([]);
  });

  it('is the last event on the wire, with no [DONE] after it', async () => {
    proxy.emulator.fault({ midStream: 'reset', afterChunks: 1, operation: 'converse-stream' });
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: claude, messages, stream: true }),
    });
    expect(response.status).toBe(200);
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(JSON.parse(String(events.at(-1)).slice('data: '.length))).toEqual({
      error: { type: 'upstream_error', message: expect.any(String), code: expect.any(String), param: null },
    });
    expect(events).not.toContain('data: [DONE]');
  });
});
