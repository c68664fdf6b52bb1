import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../local/emulator';
import { SIGNATURE_MISMATCH, signatureProblem } from '../../local/emulator/sigv4';
import { bedrockClient, caught, converseEvents, converseText, type Transport } from './helpers';

describe('signatureProblem, against AWS SigV4 test suite vectors', () => {
  // get-vanilla: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
  const secrets = { AKIDEXAMPLE: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const headers = (signature: string) => ({
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  });
  const vanilla = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
  const empty = new Uint8Array();

  it('accepts the published signature and refuses any other', () => {
    expect(signatureProblem('GET', '/', headers(vanilla), empty, secrets, 'service')).toBeUndefined();
    expect(signatureProblem('GET', '/', headers(`${vanilla.slice(0, -1)}0`), empty, secrets, 'service')).toBe(SIGNATURE_MISMATCH);
    expect(signatureProblem('POST', '/', headers(vanilla), empty, secrets, 'service')).toBe(SIGNATURE_MISMATCH);
    expect(signatureProblem('GET', '/', headers(vanilla), new Uint8Array([1]), secrets, 'service')).toBe(SIGNATURE_MISMATCH);
    expect(signatureProblem('GET', '/', { ...headers(vanilla), host: 'other.example.com' }, empty, secrets, 'service')).toBe(
      SIGNATURE_MISMATCH,
    );
  });

  it('refuses a credential scoped to another service than Bedrock', () => {
    expect(signatureProblem('GET', '/', headers(vanilla), empty, secrets)).toBe(SIGNATURE_MISMATCH);
  });

  it('leaves alone what it cannot check: another key, a Bedrock API key, no Authorization', () => {
    expect(signatureProblem('GET', '/', headers('0'.repeat(64)), empty, { OTHERKEY: 'x' }, 'service')).toBeUndefined();
    expect(signatureProblem('GET', '/', { authorization: 'Bearer bedrock-api-key' }, empty, secrets)).toBeUndefined();
    expect(signatureProblem('GET', '/', {}, empty, secrets)).toBeUndefined();
  });
});

describe('the emulator checks the signatures of the keys it was given, as Bedrock does', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ signingSecrets: { AKIDEMULATOR: 'the-secret' } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  const client = (transport: Transport, accessKeyId: string, secretAccessKey: string) =>
    bedrockClient(emulator.url, transport, { accessKeyId, secretAccessKey });
  // A model ID with a colon: the SDK sends it as %3A, and the canonical path encodes that again.
  const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';
  const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }];

  it.each(['h1', 'h2'] as const)('serves what the SDK signed with the right secret (%s)', async (transport) => {
    const signed = client(transport, 'AKIDEMULATOR', 'the-secret');
    const answer = await signed.send(new ConverseCommand({ modelId, messages }));
    expect(answer.output?.message?.content?.[0]?.text).toEqual(expect.any(String));
    expect(converseText(await converseEvents(signed, { modelId, messages }))).not.toBe('');
  });

  it.each(['h1', 'h2'] as const)('refuses a wrong secret with 403 InvalidSignatureException (%s)', async (transport) => {
    const before = emulator.requests.length;
    const error = await caught(client(transport, 'AKIDEMULATOR', 'not-the-secret').send(new ConverseCommand({ modelId, messages })));
    expect(error).toMatchObject({ name: 'InvalidSignatureException', message: SIGNATURE_MISMATCH, $metadata: { httpStatusCode: 403 } });
    expect(emulator.requests.length).toBe(before);
  });

  it('does not check a key it was not given', async () => {
    const answer = await client('h1', 'AKIDSOMEONEELSE', 'anything').send(new ConverseCommand({ modelId, messages }));
    expect(answer.stopReason).toEqual(expect.any(String));
  });
});
