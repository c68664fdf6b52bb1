import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { HttpRequest } from '@smithy/core/protocols';
import type { HttpRequest as Request } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBedrockClient } from '../../lambda/bedrock-client';
import { loadConfig } from '../../lambda/config';
import { KeyedSha256 } from '../../lambda/sha256';

// Credentials as Lambda gives them: from the environment, with a session token.
const credentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: `IQoJb3JpZ2luX2VjE${'A'.repeat(600)}`,
};

beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', credentials.sessionToken);
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** The proxy's client, stopped right after signing: each request it would have sent. */
function signingClient(region: string) {
  const client = createBedrockClient(loadConfig({ AWS_REGION: region }));
  const sent: Request[] = [];
  client.middlewareStack.add(
    () => async (args) => {
      sent.push(args.request as Request);
      throw new Error('not sent');
    },
    { step: 'deserialize', priority: 'low', name: 'testStopAfterSigning' },
  );
  return { client, sent };
}

/**
 * What the signer the SDK builds by itself (for a client with none given) makes of the same
 * request at the same time: its region, service name and SHA-256.
 */
async function referenceAuthorization(request: Request, region: string) {
  const { authorization, ...headers } = request.headers;
  const amzDate = headers['x-amz-date'] ?? '';
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const sdkSigner = await new BedrockRuntimeClient({ region }).config.signer();
  const signed = await sdkSigner.sign(new HttpRequest({ ...request, headers }), { signingDate });
  return { sent: authorization, reference: signed.headers.authorization };
}

describe('the proxy client signs', () => {
  it('every call as the SDK signer does, over days and operations', async () => {
    const region = 'eu-west-1';
    const { client, sent } = signingClient(region);
    const calls = [
      () =>
        client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] })),
      () => client.send(new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', body: JSON.stringify({ inputText: 'Hi' }) })),
    ];
    for (const day of ['2026-11-27T23:59:59Z', '2026-11-28T00:00:01Z', '2026-12-01T12:00:00Z']) {
      vi.setSystemTime(new Date(day));
      for (const call of calls) await expect(call()).rejects.toThrow('not sent');
    }
    expect(sent).toHaveLength(6);
    for (const request of sent) {
      expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
      const { sent: authorization, reference } = await referenceAuthorization(request, region);
      expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE01\/\d{8}\/eu-west-1\/bedrock\/aws4_request, /);
      expect(authorization).toBe(reference);
    }
    expect(new Set(sent.map((request) => request.headers['x-amz-date']?.slice(0, 8)))).toEqual(
      new Set(['20261127', '20261128', '20261201']),
    );
    expect(client.config.sha256).toBe(KeyedSha256);
  });
});
