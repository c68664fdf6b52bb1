import { describe, expect, it } from 'vitest';
import { allNdjson, joinedText, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ MAX_RETRY_ATTEMPTS: '3' });
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'retry me' }], stream: true };

describe('retries (SDK adaptive mode, MAX_RETRY_ATTEMPTS)', () => {
  it('retries a throttled call before the stream starts, and the caller never sees the throttle', async () => {
    proxy.emulator.reset();
    proxy.emulator.fault({ error: 'ThrottlingException', times: 2, operation: 'converse-stream' });
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(200);
    expect(joinedText(await allNdjson(response))).toContain('retry me');
    expect(proxy.emulator.requests.filter((r) => r.operation === 'converse-stream')).toHaveLength(3);
  });

  it('gives up after MAX_RETRY_ATTEMPTS with an honest 429', async () => {
    proxy.emulator.reset();
    proxy.emulator.fault({ error: 'ThrottlingException', times: 3, operation: 'converse-stream' });
    const response = await postJson(`${proxy.url}/chat`, request);
    expect(response.status).toBe(429);
    expect(proxy.emulator.requests).toHaveLength(3);
  });

  it('never retries once the stream has started: the failure goes in-band, Bedrock is called once', async () => {
    proxy.emulator.reset();
    proxy.emulator.fault({ midStream: 'throttlingException', afterChunks: 2, operation: 'converse-stream' });
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, request));
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { code: 'ThrottlingException' } });
    expect(proxy.emulator.requests).toHaveLength(1);
  });
});
