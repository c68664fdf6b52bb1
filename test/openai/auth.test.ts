import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';
import { openAIClient } from './client';

const proxy = useLocalProxy({ API_KEYS: 'sk-local-1' });
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('API keys on /v1', () => {
  it("the SDK's apiKey is the proxy key (sent as Authorization: Bearer)", async () => {
    const completion = await openAIClient(proxy.url, 'sk-local-1').chat.completions.create(request);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('a wrong key → AuthenticationError (401) before any Bedrock call', async () => {
    proxy.emulator.reset();
    await expect(openAIClient(proxy.url, 'sk-wrong').chat.completions.create(request)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(openAIClient(proxy.url, 'sk-wrong').models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(proxy.emulator.requests).toHaveLength(0);
  });
});
