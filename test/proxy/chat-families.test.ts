import { describe, expect, it } from 'vitest';
import { countWords, emulatorAnswer } from '../../local/emulator';
import { allNdjson, bodyOf, joinedText, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();
const prompt = 'Explain DevOps in one line';
const answer = emulatorAnswer(prompt).join('');
const chunks = emulatorAnswer(prompt).length;

/** One raw InvokeModel body per family, as its vendor documents it, and the stop reason it reports. */
const FAMILIES = [
  {
    model: 'anthropic.claude-3-sonnet-20240229-v1:0',
    payload: {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 256,
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    },
    stop: 'end_turn',
  },
  {
    model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    payload: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 256, messages: [{ role: 'user', content: prompt }] },
    stop: 'end_turn',
  },
  {
    model: 'amazon.nova-lite-v1:0',
    payload: { messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 256 } },
    stop: 'end_turn',
    // Bedrock's own usage object stays in the answer, as the original proxy passed it on.
    bedrockUsage: {
      inputTokens: countWords(prompt),
      outputTokens: chunks,
      totalTokens: countWords(prompt) + chunks,
      cacheReadInputTokenCount: 0,
      cacheWriteInputTokenCount: 0,
    },
  },
  { model: 'amazon.titan-text-express-v1', payload: { inputText: prompt, textGenerationConfig: { maxTokenCount: 256 } }, stop: 'FINISH' },
  { model: 'meta.llama3-1-8b-instruct-v1:0', payload: { prompt, max_gen_len: 256 }, stop: 'stop' },
  { model: 'mistral.mistral-7b-instruct-v0:2', payload: { prompt, max_tokens: 256 }, stop: 'stop' },
  { model: 'mistral.mistral-large-2407-v1:0', payload: { messages: [{ role: 'user', content: prompt }], max_tokens: 256 }, stop: 'stop' },
  { model: 'cohere.command-r-plus-v1:0', payload: { message: prompt, max_tokens: 256 }, stop: 'COMPLETE' },
  { model: 'us.deepseek.r1-v1:0', payload: { prompt, max_tokens: 256 }, stop: 'stop' },
  {
    model: 'openai.gpt-oss-120b-1:0',
    payload: { messages: [{ role: 'user', content: prompt }], max_completion_tokens: 256 },
    stop: 'stop',
    bedrockUsage: { prompt_tokens: countWords(prompt), completion_tokens: chunks, total_tokens: countWords(prompt) + chunks },
  },
  {
    model: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    payload: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 256, messages: [{ role: 'user', content: prompt }] },
    stop: 'end_turn',
  },
] as const;

describe('POST /chat with a raw payload (InvokeModel)', () => {
  it.each<(typeof FAMILIES)[number] & { bedrockUsage?: object }>(FAMILIES)('$model answers in the original shape', async (family) => {
    const { model, payload, stop, bedrockUsage } = family;
    const response = await postJson(`${proxy.url}/chat`, { mode: 'chat', model, payload, stream: false });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      answer,
      usage: { ...bedrockUsage, input_tokens: countWords(prompt), output_tokens: chunks },
      model,
      stop_reason: stop,
    });
  });

  it('forwards the payload to Bedrock unchanged', async () => {
    const { model, payload } = FAMILIES[0];
    proxy.emulator.reset();
    await postJson(`${proxy.url}/chat`, { model, payload });
    const [recorded] = proxy.emulator.requests;
    expect(recorded).toMatchObject({ operation: 'invoke', modelId: model });
    // Unchanged: not a field added, dropped or rewritten.
    expect(recorded?.body).toEqual(payload);
  });

  it('forwards even keys named like Object.prototype members (__proto__, constructor) unchanged', async () => {
    const { model, payload } = FAMILIES[0];
    // JSON.parse makes "__proto__" an own key; copying it by assignment would set a prototype instead.
    const sent = `{${JSON.stringify(payload).slice(1, -1)},"__proto__":{"x":1},"constructor":"c"}`;
    proxy.emulator.reset();
    await postJson(`${proxy.url}/chat`, `{"model":${JSON.stringify(model)},"payload":${sent}}`);
    const [recorded] = proxy.emulator.requests;
    expect(JSON.stringify(recorded?.body)).toBe(sent);
  });

  it('defaults mode to chat and model to BEDROCK_MODEL_ID', async () => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, { payload: FAMILIES[0].payload });
    expect(await response.json()).toMatchObject({ answer, model: 'anthropic.claude-3-sonnet-20240229-v1:0' });
    expect(proxy.emulator.requests[0]?.modelId).toBe('anthropic.claude-3-sonnet-20240229-v1:0');
  });

  it('reports the length stop reason when max tokens cut the answer', async () => {
    const response = await postJson(`${proxy.url}/chat`, {
      model: 'anthropic.claude-3-sonnet-20240229-v1:0',
      payload: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 3, messages: [{ role: 'user', content: prompt }] },
    });
    expect(await response.json()).toMatchObject({
      answer: emulatorAnswer(prompt).slice(0, 3).join(''),
      usage: { output_tokens: 3 },
      stop_reason: 'max_tokens',
    });
  });
});

describe('POST /chat reads mode, model and stream as loosely as the original proxy did', () => {
  const { payload } = FAMILIES[0];
  const isStream = (response: Response) => response.headers.get('content-type') === 'application/x-ndjson';

  it.each([null, ''])('model %j means BEDROCK_MODEL_ID (`model or default`)', async (model) => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, { model, payload });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ answer, model: 'anthropic.claude-3-sonnet-20240229-v1:0' });
    expect(proxy.emulator.requests[0]?.modelId).toBe('anthropic.claude-3-sonnet-20240229-v1:0');
  });

  it.each([null, ''])('embed with model %j means BEDROCK_EMBED_MODEL_ID', async (model) => {
    const response = await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: 'x' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ model: 'amazon.titan-embed-text-v2:0' });
  });

  it.each([
    [true, true],
    [1, true],
    ['true', true],
    ['True', true],
    ['1', true],
    [false, false],
    [0, false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    [null, false],
  ])('stream %j streams: %s (pydantic reads a bool so)', async (stream, streams) => {
    const response = await postJson(`${proxy.url}/chat`, { payload, stream });
    expect(response.status).toBe(200);
    expect(isStream(response)).toBe(streams);
    await response.arrayBuffer();
  });

  it.each([null, 'CHAT', 'completion'])('mode %j is chat: only "embed" embeds', async (mode) => {
    const response = await postJson(`${proxy.url}/chat`, { mode, payload });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ answer });
  });

  it('a null payload beside messages is absent', async () => {
    const response = await postJson(`${proxy.url}/chat`, { payload: null, messages: [{ role: 'user', content: prompt }] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ answer });
  });
});

describe('POST /chat with a raw payload and stream: true (InvokeModelWithResponseStream)', () => {
  it.each(FAMILIES)('$model streams NDJSON text lines, then a final line', async ({ model, payload, stop }) => {
    const response = await postJson(`${proxy.url}/chat`, { mode: 'chat', model, payload, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await allNdjson(response);
    const final = lines.at(-1);
    expect(final).toEqual({
      text: '',
      is_final: true,
      usage: { input_tokens: countWords(prompt), output_tokens: chunks },
      stop_reason: stop,
    });
    const body = lines.slice(0, -1);
    expect(body.length).toBeGreaterThanOrEqual(chunks);
    for (const line of body) expect(line).toEqual({ text: expect.any(String), is_final: false });
    expect(joinedText(body)).toBe(answer);
  });
});

describe('POST /chat with messages (Converse / ConverseStream)', () => {
  const request = {
    model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    system: 'Be brief.',
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: prompt },
    ],
    max_tokens: 200,
    temperature: 0.2,
    top_p: 0.9,
    stop: 'END',
  };

  it('answers without the caller knowing the vendor format', async () => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body).toMatchObject({ answer, model: request.model, stop_reason: 'end_turn' });
    expect(body.usage.output_tokens).toBe(chunks);
    expect(proxy.emulator.requests[0]).toMatchObject({
      operation: 'converse',
      body: {
        system: [{ text: 'Be brief.' }],
        messages: [
          { role: 'user', content: [{ text: 'Hi' }] },
          { role: 'assistant', content: [{ text: 'Hello!' }] },
          { role: 'user', content: [{ text: prompt }] },
        ],
        inferenceConfig: { maxTokens: 200, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
      },
    });
  });

  it('streams the same answer as NDJSON', async () => {
    const response = await postJson(`${proxy.url}/chat`, { ...request, stream: true });
    const lines = await allNdjson(response);
    expect(joinedText(lines)).toBe(answer);
    expect(lines.at(-1)).toMatchObject({ is_final: true, stop_reason: 'end_turn', usage: { output_tokens: chunks } });
  });

  it('merges consecutive turns of one role, as Converse requires them to alternate', async () => {
    proxy.emulator.reset();
    const messages = [
      { role: 'user', content: 'first' },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
    ];
    expect((await postJson(`${proxy.url}/chat`, { model: request.model, messages })).status).toBe(200);
    expect(proxy.emulator.requests[0]?.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'first' }, { text: 'second' }] }],
    });
  });

  it('works for any Converse model, e.g. Nova and Llama', async () => {
    for (const model of ['amazon.nova-micro-v1:0', 'meta.llama3-1-8b-instruct-v1:0']) {
      const response = await postJson(`${proxy.url}/chat`, { model, messages: [{ role: 'user', content: prompt }] });
      expect(await response.json()).toMatchObject({ answer, model });
    }
  });
});

describe('POST /chat with mode embed', () => {
  it('embeds one text with Titan v2 (the article example)', async () => {
    const response = await postJson(`${proxy.url}/chat`, {
      mode: 'embed',
      model: 'amazon.titan-embed-text-v2:0',
      text: '这是一个测试句子',
    });
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body).toMatchObject({ dimensions: 1024, model: 'amazon.titan-embed-text-v2:0' });
    expect(body.embedding).toHaveLength(1024);
  });

  it.each([
    ['amazon.titan-embed-text-v1', {}, 1536],
    ['amazon.titan-embed-text-v2:0', { dimensions: 256, normalize: true }, 256],
    ['cohere.embed-english-v3', { input_type: 'search_query' }, 1024],
    ['cohere.embed-multilingual-v3', {}, 1024],
    ['cohere.embed-v4:0', { dimensions: 512 }, 512],
    ['amazon.nova-2-multimodal-embeddings-v1:0', { dimensions: 384 }, 384],
  ])('%s embeds several texts in order', async (model, options, dimensions) => {
    const texts = ['first text', 'second text', 'third text', 'fourth text', 'fifth text'];
    const many = await bodyOf(await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: texts, ...options }));
    expect(many).toMatchObject({ dimensions, model });
    expect(many.embeddings).toHaveLength(texts.length);
    const single = await bodyOf(await postJson(`${proxy.url}/chat`, { mode: 'embed', model, text: 'third text', ...options }));
    expect(single.embedding).toEqual(many.embeddings[2]);
  });

  it('defaults to BEDROCK_EMBED_MODEL_ID', async () => {
    const body = await bodyOf(await postJson(`${proxy.url}/chat`, { mode: 'embed', text: 'hello' }));
    expect(body.model).toBe('amazon.titan-embed-text-v2:0');
  });

  it('normalises Cohere vectors on request', async () => {
    const body = await bodyOf(
      await postJson(`${proxy.url}/chat`, { mode: 'embed', model: 'cohere.embed-english-v3', text: 'x', normalize: true }),
    );
    const norm = Math.sqrt((body.embedding as number[]).reduce((sum, v) => sum + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
  });
});

describe('GET /health', () => {
  it('answers without a key', async () => {
    const response = await fetch(`${proxy.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'bedrock-proxy', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
