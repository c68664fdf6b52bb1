import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../local/emulator';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

// An emulator of its own, which knows the proxy's access key with another secret: every call the
// proxy signs is refused, as Bedrock refuses a request signed with the wrong secret.
let emulator: Emulator;
const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'AKIDPROXYTEST', AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
beforeAll(async () => {
  emulator = await startEmulator({ signingSecrets: { AKIDPROXYTEST: 'the-secret' } });
  env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = emulator.url;
});
afterAll(async () => {
  await emulator.close();
});
const proxy = useLocalProxy(env);

describe('a call Bedrock refuses for its signature', () => {
  it.each([
    ['messages', { model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi' }] }],
    ['a stream', { model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi' }], stream: true }],
    ['an embedding', { mode: 'embed', text: 'hi' }],
  ])('is a 502 that names it, for %s', async (_name, body) => {
    const response = await postJson(`${proxy.url}/chat`, body);
    expect(response.status).toBe(502);
    expect((await bodyOf(response)).error).toMatchObject({ type: 'upstream_error', code: 'InvalidSignatureException' });
    expect(emulator.requests).toHaveLength(0);
  });
});
