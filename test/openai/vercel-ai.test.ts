import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { emulatorAnswer } from '../../local/emulator';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const prompt = 'Tell me about streams';
const bedrock = () => createOpenAICompatible({ name: 'bedrock-proxy', baseURL: `${proxy.url}/v1`, apiKey: 'x', includeUsage: true });

describe('the Vercel AI SDK (openai-compatible provider)', () => {
  it('streams a chat through the proxy', async () => {
    const result = streamText({ model: bedrock()(claude), prompt, maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe(emulatorAnswer(prompt).join(''));
    expect(pieces.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBeGreaterThan(0);
  });

  it('receives reasoning as reasoning parts', async () => {
    const result = streamText({
      model: bedrock()(claude),
      prompt,
      maxRetries: 0,
      providerOptions: { 'bedrock-proxy': { reasoningEffort: 'low' } },
    });
    await result.consumeStream();
    expect(await result.reasoningText).toBe(`Let me think about: ${prompt}`);
  });

  it('gets a mid-stream failure as an error part', async () => {
    proxy.emulator.fault({ midStream: 'serviceUnavailableException', afterChunks: 1, operation: 'converse-stream' });
    const errors: unknown[] = [];
    const result = streamText({ model: bedrock()(claude), prompt, maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'service_unavailable_error' });
  });
});
