import { describe, expect, it } from 'vitest';
import { GUARDRAIL_ANSWER } from '../../local/emulator';
import { allNdjson, bodyOf, joinedText, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ BEDROCK_GUARDRAIL_ID: 'gr-abc123', BEDROCK_GUARDRAIL_VERSION: '3' });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const payload = (text: string) => ({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 50,
  messages: [{ role: 'user', content: text }],
});

describe('a configured guardrail', () => {
  it.each([
    ['raw payload', { model: claude, payload: payload('hello') }, 'invoke'],
    ['raw payload, streamed', { model: claude, payload: payload('hello'), stream: true }, 'invoke-stream'],
    ['messages', { model: claude, messages: [{ role: 'user', content: 'hello' }] }, 'converse'],
    ['messages, streamed', { model: claude, messages: [{ role: 'user', content: 'hello' }], stream: true }, 'converse-stream'],
  ])('rides along with every %s call', async (_name, request, operation) => {
    proxy.emulator.reset();
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(proxy.emulator.requests[0]).toMatchObject({ operation, guardrail: { identifier: 'gr-abc123', version: '3' } });
  });

  it.each([false, true])('refuses a payload that would narrow it (amazon-bedrock-guardrailConfig), streamed: %s', async (stream) => {
    proxy.emulator.reset();
    const narrowed = { ...payload('hello'), 'amazon-bedrock-guardrailConfig': { tagSuffix: 'x', streamProcessingMode: 'ASYNCHRONOUS' } };
    const response = await postJson(`${proxy.url}/chat`, { model: claude, payload: narrowed, stream });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({
      error: { code: 'guardrail_override', param: 'payload.amazon-bedrock-guardrailConfig' },
    });
    expect(proxy.emulator.requests).toHaveLength(0);
  });

  it('shows an intervention as stop_reason, sync and streamed, both APIs', async () => {
    const blocked = 'please say something BLOCKED';
    const sync = await bodyOf(await postJson(`${proxy.url}/chat`, { model: claude, payload: payload(blocked) }));
    expect(sync).toMatchObject({ answer: GUARDRAIL_ANSWER, stop_reason: 'guardrail_intervened' });

    const streamed = await allNdjson(await postJson(`${proxy.url}/chat`, { model: claude, payload: payload(blocked), stream: true }));
    expect(joinedText(streamed)).toBe(GUARDRAIL_ANSWER);
    expect(streamed.at(-1)).toMatchObject({ is_final: true, stop_reason: 'guardrail_intervened' });

    const messages = [{ role: 'user', content: blocked }];
    const converse = await bodyOf(await postJson(`${proxy.url}/chat`, { model: claude, messages }));
    expect(converse).toMatchObject({ answer: GUARDRAIL_ANSWER, stop_reason: 'guardrail_intervened' });
    const converseStream = await allNdjson(await postJson(`${proxy.url}/chat`, { model: claude, messages, stream: true }));
    expect(converseStream.at(-1)).toMatchObject({ stop_reason: 'guardrail_intervened' });
  });
});
