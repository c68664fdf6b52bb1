import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it, vi } from 'vitest';
import { allNdjson, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy();
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const payload = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };
const requests = [
  { model: claude, payload },
  { model: claude, payload, stream: true },
  { model: claude, messages: [{ role: 'user', content: 'hi' }] },
  { model: claude, messages: [{ role: 'user', content: 'hi' }], stream: true },
];
// Distinct texts each time, so the embedding cache cannot answer instead of Bedrock.
const embed = (tag: string) => ({ mode: 'embed', text: [`a ${tag}`, `b ${tag}`, `c ${tag}`] });

describe('one Bedrock client with pooled connections, reused across invocations', () => {
  it('sequential requests of every kind share one kept-alive connection to Bedrock', async () => {
    // Warm-up: one request of each kind, so the pool holds the connections the embed fan-out needs.
    for (const request of [...requests, embed('warm-up')]) await (await postJson(`${proxy.url}/chat`, request)).arrayBuffer();
    proxy.emulator.resetStats();
    for (let round = 0; round < 4; round++) {
      for (const request of [...requests, embed(`round ${round}`)]) {
        const response = await postJson(`${proxy.url}/chat`, request);
        expect(response.status).toBe(200);
        if ('stream' in request) await allNdjson(response);
        else await response.arrayBuffer();
      }
    }
    expect(proxy.emulator.stats.requests).toBe(4 * (requests.length + 3));
    // A client built per request, or the SDK's default HTTP/2 handler, would open one per call.
    expect(proxy.emulator.stats.connections).toBe(0);
    expect(proxy.emulator.stats.h2Connections).toBe(0);
  });

  it('every request is sent by the same client instance, built once at cold start', async () => {
    const clients = new Set<unknown>();
    const original = BedrockRuntimeClient.prototype.send;
    const spy = vi.spyOn(BedrockRuntimeClient.prototype, 'send').mockImplementation(function (this: BedrockRuntimeClient, ...args) {
      clients.add(this);
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      for (const request of [...requests, embed('identity')]) await (await postJson(`${proxy.url}/chat`, request)).arrayBuffer();
      expect(spy).toHaveBeenCalledTimes(requests.length + 3);
    } finally {
      spy.mockRestore();
    }
    expect(clients.size).toBe(1);
  });
});
