import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedSha256 } from '../../lambda/sha256';

type Ctor = typeof Sha256 | typeof KeyedSha256;

const utf8 = (text: string) => Buffer.from(text);

async function digest(Ctor: Ctor, secret: string | Uint8Array | ArrayBuffer | undefined, parts: (string | Uint8Array)[]) {
  const hash = new Ctor(secret);
  for (const part of parts) hash.update(typeof part === 'string' ? utf8(part) : part);
  return Buffer.from(await hash.digest()).toString('hex');
}

const secret = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }),
  fc.uint8Array({ minLength: 4, maxLength: 80 }).map((bytes) => bytes.subarray(2)),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => bytes.slice().buffer),
);
const parts = fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ maxLength: 50 })), { maxLength: 4 });

describe('KeyedSha256', () => {
  it('gives the SDK hash its digests, keyed or not, for any key and input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(secret, parts), { minLength: 1, maxLength: 5 }), async (cases) => {
        // Several keys in a row: the cached key must follow each one.
        for (const [key, data] of cases) expect(await digest(KeyedSha256, key, data)).toBe(await digest(Sha256, key, data));
      }),
    );
  });

  it('follows a key array whose bytes change in place', async () => {
    const key = new Uint8Array(32).fill(1);
    expect(await digest(KeyedSha256, key, ['a'])).toBe(await digest(Sha256, key, ['a']));
    key[0] = 2;
    expect(await digest(KeyedSha256, key, ['a'])).toBe(await digest(Sha256, key, ['a']));
  });

  it('as the SDK hash: a plain hash digests again, an HMAC refuses more input, reset starts over', async () => {
    const plain = new KeyedSha256();
    plain.update(utf8('ab'));
    const first = Buffer.from(await plain.digest()).toString('hex');
    expect(Buffer.from(await plain.digest()).toString('hex')).toBe(first);
    plain.update(utf8('c'));
    expect(Buffer.from(await plain.digest()).toString('hex')).toBe(await digest(Sha256, undefined, ['abc']));

    const keyed = new KeyedSha256(new Uint8Array([1, 2, 3]));
    keyed.update(utf8('x'));
    await keyed.digest();
    expect(() => keyed.update(utf8('y'))).toThrow('already finished');
    keyed.reset();
    keyed.update(utf8('y'));
    expect(Buffer.from(await keyed.digest()).toString('hex')).toBe(await digest(Sha256, new Uint8Array([1, 2, 3]), ['y']));
  });
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('SigV4 with KeyedSha256', () => {
  it("signs AWS's get-vanilla example to its published signature", async () => {
    const signer = new SignatureV4({
      credentials,
      region: 'us-east-1',
      service: 'service',
      sha256: KeyedSha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        query: {},
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs as the SDK hash does while the signing key changes with the day and the region', async () => {
    const request = (): HttpRequest => ({
      method: 'POST',
      protocol: 'https:',
      hostname: 'bedrock-runtime.us-east-1.amazonaws.com',
      path: '/model/amazon.nova-micro-v1%3A0/converse',
      query: {},
      headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hello' }] }] }),
    });
    const signers = (region: string) =>
      [Sha256, KeyedSha256].map((sha256) => new SignatureV4({ credentials, region, service: 'bedrock', sha256 }));
    const days = ['2026-11-27T10:00:00Z', '2026-11-28T10:00:00Z', '2026-11-27T23:59:59Z'];
    for (const region of ['us-east-1', 'eu-west-1', 'us-east-1']) {
      for (const day of days) {
        const [sdk, keyed] = signers(region).map((signer) => signer.sign(request(), { signingDate: new Date(day) }));
        expect((await keyed)?.headers.authorization).toBe((await sdk)?.headers.authorization);
      }
    }
  });
});
