import { describe, expect, it } from 'vitest';
import { allNdjson, bodyOf, ndjsonLines, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// MAX_POOL_CONNECTIONS is how many connections stay alive, as the original proxy's botocore
// `max_pool_connections` is; it never caps how many calls run at once.
const proxy = useLocalProxy({ MAX_POOL_CONNECTIONS: '2' });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const streamed = { model: claude, messages: [{ role: 'user', content: 'hi' }], stream: true };

describe('MAX_POOL_CONNECTIONS', () => {
  it('more open streams than the pool holds do not keep another call waiting', async () => {
    const gates = [proxy.emulator.gate({ initial: 1 }), proxy.emulator.gate({ initial: 1 }), proxy.emulator.gate({ initial: 1 })];
    const streams = await Promise.all(gates.map(() => postJson(`${proxy.url}/chat`, streamed)));
    const readers = streams.map((response) => ndjsonLines(response));
    for (const reader of readers) expect((await reader.next()).value).toMatchObject({ is_final: false });
    await Promise.all(gates.map((gate) => gate.waitForHold()));

    // Three Bedrock streams hold three sockets, each until it ends. A pool that capped sockets at
    // two would have queued the third stream and this call behind them, and neither would answer.
    const response = await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toMatchObject({ answer: expect.any(String) });
    expect(gates.map((gate) => gate.sent)).toEqual([1, 1, 1]);

    for (const gate of gates) gate.release();
    for (const response of streams) expect(response.status).toBe(200);
    for (const reader of readers) {
      const rest = [];
      for await (const line of reader) rest.push(line);
      expect(rest.at(-1)).toMatchObject({ is_final: true });
    }

    // Two connections stay alive: two sequential calls after this open no new one.
    proxy.emulator.resetStats();
    await allNdjson(await postJson(`${proxy.url}/chat`, streamed));
    await bodyOf(await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'hi' }] }));
    expect(proxy.emulator.stats.connections).toBe(0);
  });
});
