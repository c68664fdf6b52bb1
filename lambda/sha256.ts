import { createHash, createHmac, createSecretKey, type Hash, type Hmac, type KeyObject } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/**
 * The SDK's SHA-256 (`Sha256` from `@smithy/core/checksum`), with each binary HMAC key handed to
 * Node as a `KeyObject`.
 *
 * Every call Bedrock signs (SigV4) ends with an HMAC keyed by the derived signing key, a
 * `Uint8Array` the signer caches for the day. The SDK passes it to `createHmac` as a `Buffer`, and
 * on Node 24 `createHmac` first asks whether a `Buffer` is a `KeyObject` or a `CryptoKey` by
 * reading a private field inside `try`/`catch`: two thrown `TypeError`s per HMAC (12 µs against
 * 3.5 µs with a `KeyObject` in a loop; Node 20 takes neither path). Signing one Converse request
 * took 60 µs of CPU on Node 24 with the SDK's class and 45 µs with this one (BENCHMARKS.md).
 *
 * The key is cached by its bytes, not by the array: the last binary key and its `KeyObject` are
 * kept, which is the signing key on every call of the day. A string key (the secret access key,
 * in the signer's cache lookup) is passed as it is, as the SDK does; Node takes no slow path for
 * a string. Digests are the SDK's to the byte (test/unit/sha256.test.ts).
 */
export class KeyedSha256 implements Checksum {
  readonly digestLength = 32;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: Uint8Array): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    let buf: Buffer;
    if (this.secret) {
      this.finished = true;
      buf = this.hash.digest();
    } else {
      // As the SDK's: a plain hash can be digested again and updated after.
      buf = (this.hash as Hash).copy().digest();
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  reset(): void {
    this.hash = this.create();
    this.finished = false;
  }

  private create(): Hash | Hmac {
    return this.secret ? createHmac('sha256', hmacKey(this.secret)) : createHash('sha256');
  }
}

let lastKey: { readonly bytes: Buffer; readonly key: KeyObject } | undefined;

function hmacKey(secret: SourceData): string | KeyObject {
  if (typeof secret === 'string') return secret;
  const bytes = ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
  if (lastKey?.bytes.equals(bytes)) return lastKey.key;
  // A copy: the caller's array may be reused for something else.
  const copy = Buffer.from(bytes);
  lastKey = { bytes: copy, key: createSecretKey(copy) };
  return lastKey.key;
}
