import zlib from 'node:zlib';
import { eventStreamSerdeProvider } from '@smithy/core/event-streams';
import type { EventStreamMarshaller, EventStreamSerdeProvider, Message, MessageHeaders } from '@smithy/types';
import { MESSAGE_TOO_LONG, UNREADABLE_EVENT_STREAM } from './errors';

type Shaped = Record<string, unknown>;
type Deserializer<T> = (event: Record<string, Message>) => Promise<T>;
type Utf8 = (bytes: Uint8Array) => string;

/**
 * The client's event-stream marshaller (its `eventStreamSerdeProvider` setting): the SDK's own,
 * with a faster reader in front of it for the streams Bedrock sends.
 *
 * The SDK reads a stream through three nested async iterators (split, decode, unmarshal) and
 * shapes every event by walking the operation's schema. This reader does the same work in one
 * loop: it splits the messages, checks each message's CRC (zlib's; it covers the prelude), decodes
 * string headers, and hands each event to the SDK's deserializer as the SDK does, except a
 * `contentBlockDelta` of the usual kind, which becomes the object the SDK would build from one
 * `JSON.parse` (`shortcut`).
 *
 * Any other message (a CRC or length that does not check out, a header that is not a string, an
 * exception or error message) is handed to the SDK's marshaller on its own, as is the end of a
 * stream that ends mid-message, so every error is the SDK's own, but for a message longer than the
 * format allows (MAX_MESSAGE_BYTES), which this reader refuses itself. Only whole messages are
 * handed over, so that this reader sees every prelude: it refuses such a length at once, and hands
 * over a message whose prelude CRC fails as soon as its prelude is in, where the SDK would wait
 * for the length that prelude claims.
 * test/proxy/bedrock-events.test.ts serves the same bytes to a client with the SDK's marshaller
 * and one with this, cut, corrupted and truncated, and requires the same events and errors.
 */
export const fastEventStreamSerdeProvider: EventStreamSerdeProvider = (options: { utf8Encoder: Utf8 }) => {
  const sdk = eventStreamSerdeProvider(options);
  return {
    serialize: (input, serializer) => sdk.serialize(input, serializer),
    deserialize: <T>(body: unknown, deserializer: Deserializer<T>) =>
      isAsyncIterable(body) && typeof zlib.crc32 === 'function' ? readEvents(body, deserializer, sdk) : sdk.deserialize(body, deserializer),
  } satisfies EventStreamMarshaller;
};

/**
 * The longest message the format allows (the AWS CRT's `AWS_EVENT_STREAM_MAX_MESSAGE_SIZE`). A
 * prelude that says more is refused at once rather than buffered until that many bytes arrive.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Prelude (total length, headers length, prelude CRC) and message CRC. */
const PRELUDE = 12;
const OVERHEAD = PRELUDE + 4;
const STRING = 7;

async function* readEvents<T>(
  body: AsyncIterable<Uint8Array>,
  deserializer: Deserializer<T>,
  sdk: EventStreamMarshaller,
): AsyncGenerator<T> {
  const source = body[Symbol.asyncIterator]();
  const buffer = new PendingBytes();
  const shape = (event: Record<string, Message>): Promise<T> => {
    const shaped = shortcut(event) as T | undefined;
    return shaped ? Promise.resolve(shaped) : deserializer(event);
  };
  // While true, the HTTP body is being waited for: what it throws is a transport failure.
  let receiving = false;
  try {
    for (;;) {
      receiving = true;
      const next = await source.next();
      receiving = false;
      // Every message that had all arrived has been read: what is left is the end of the stream.
      if (next.done) break;
      if (!buffer.add(next.value)) continue;
      while (buffer.bytes.length >= 4) {
        const pending = buffer.bytes;
        const total = pending.readUInt32BE(0);
        if (total > MAX_MESSAGE_BYTES) throw new Error(`${MESSAGE_TOO_LONG}: ${total} bytes.`);
        // A message not all in waits for the rest once its prelude is in and checks out. One whose
        // prelude checksum fails is refused then, not waited on: its length is not to be trusted
        // (the SDK, which waits, would refuse it for that checksum before anything else).
        if (pending.length < total) {
          if (pending.length < PRELUDE) break;
          if (zlib.crc32(pending.subarray(0, 8)) === pending.readUInt32BE(8)) {
            buffer.need(total);
            break;
          }
        }
        const message = total >= OVERHEAD && pending.length >= total ? decode(pending.subarray(0, total)) : undefined;
        const eventType = message?.headers[':event-type']?.value;
        buffer.bytes = pending.subarray(total);
        if (message?.headers[':message-type']?.value !== 'event' || typeof eventType !== 'string') {
          // This message only, so that the next prelude passes the check above too; one whose
          // prelude is broken before all of it came is padded to its length, so that the SDK says
          // why. A length under 4 is refused as soon as the SDK reads it.
          yield* sdk.deserialize(one(Buffer.concat([pending], Math.max(total, 4))), shape);
          continue;
        }
        const event = { [eventType]: message };
        // The usual delta without a wait for a promise that is already settled.
        const shaped = (shortcut(event) as T | undefined) ?? (await deserializer(event));
        // As the SDK does: an event this SDK version does not know is skipped.
        if (!(shaped as { $unknown?: unknown }).$unknown) yield shaped;
      }
    }
    const left = buffer.all();
    if (left.length) yield* sdk.deserialize(one(left), shape);
  } catch (error) {
    // An error of no Bedrock code (theirs are named after it) that arose from reading the bytes is
    // Bedrock's fault: the SDK's codec throws Error, RangeError and TypeError for bytes it cannot
    // read (a checksum that does not match, a length outside the message, a header it needs that
    // is missing), as this reader does for a message too long. A body that ends in the middle of a
    // message ("Truncated event message received.") is the connection's fault, as is what the body
    // itself throws.
    if (!receiving && error instanceof Error && /^(Type|Range|Syntax)?Error$/.test(error.name) && !error.message.startsWith('Truncated'))
      Object.defineProperty(error, UNREADABLE_EVENT_STREAM, { value: true });
    // Closes the HTTP body, which cancels Bedrock's call: nothing more will be read from it.
    void source.return?.().catch(() => undefined);
    throw error;
  }
}

/**
 * The bytes received and not yet read. A message that has not all arrived is allocated whole once
 * its prelude is in and each chunk is copied into it as it comes, as the SDK does: however many
 * chunks it arrives in, it is copied once and no chunk is kept.
 */
class PendingBytes {
  bytes: Buffer = Buffer.alloc(0);
  /** The message being waited for, and how many of its bytes have arrived. */
  private message?: Buffer;
  private filled = 0;

  /** Adds a chunk; true when there is something new to read. */
  add(chunk: Uint8Array): boolean {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const message = this.message;
    if (!message) {
      this.bytes = this.bytes.length ? Buffer.concat([this.bytes, bytes]) : bytes;
      return true;
    }
    const copied = bytes.copy(message, this.filled);
    this.filled += copied;
    if (this.filled < message.length) return false;
    this.message = undefined;
    this.bytes = copied < bytes.length ? Buffer.concat([message, bytes.subarray(copied)]) : message;
    return true;
  }

  /** Waits for the whole message that `bytes` begins: `length` bytes. */
  need(length: number): void {
    this.message = Buffer.allocUnsafe(length);
    this.filled = this.bytes.copy(this.message);
  }

  /** Everything received and not yet read. */
  all(): Buffer {
    return this.message?.subarray(0, this.filled) ?? this.bytes;
  }
}

/** The message, or undefined when its CRC, lengths or headers are anything but plain. */
function decode(bytes: Buffer): Message | undefined {
  const total = bytes.length;
  const headersEnd = PRELUDE + bytes.readUInt32BE(4);
  if (headersEnd > total - 4) return undefined;
  // The message CRC covers the prelude too; on a mismatch the SDK reports which one failed.
  if (zlib.crc32(bytes.subarray(0, total - 4)) !== bytes.readUInt32BE(total - 4)) return undefined;
  const headers: MessageHeaders = {};
  let at = PRELUDE;
  while (at < headersEnd) {
    const nameEnd = at + 1 + (bytes[at] ?? 0);
    if (nameEnd + 3 > headersEnd || bytes[nameEnd] !== STRING) return undefined;
    const valueEnd = nameEnd + 3 + bytes.readUInt16BE(nameEnd + 1);
    if (valueEnd > headersEnd) return undefined;
    // Decoded straight from the buffer, as the SDK's `utf8Encoder` decodes a view of it.
    headers[bytes.toString('utf8', at + 1, nameEnd)] = { type: 'string', value: bytes.toString('utf8', nameEnd + 3, valueEnd) };
    at = valueEnd;
  }
  return { headers, body: view(bytes, headersEnd, total - 4) };
}

/** Bytes as the SDK's marshaller reads a body. */
async function* one(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The event as the SDK would shape it, or undefined to let the SDK shape it. */
export function shortcut(event: Record<string, Message>): Shaped | undefined {
  const message = event.contentBlockDelta;
  if (!message) return undefined;
  // `p` is padding that Bedrock adds to events; the SDK drops it, as a member it does not know.
  const parsed = parseObject(message.body, ['delta', 'contentBlockIndex', 'p']);
  const delta = parsed && contentBlockDelta(parsed.delta);
  if (!delta || !Number.isSafeInteger(parsed.contentBlockIndex)) return undefined;
  return { contentBlockDelta: { delta, contentBlockIndex: parsed.contentBlockIndex } };
}

const decoder = new TextDecoder();

/** The body as a JSON object with no member outside `known`, or undefined. */
function parseObject(body: Uint8Array, known: readonly string[]): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const key in value) if (!known.includes(key)) return undefined;
  return value;
}

/** The delta union with exactly one of: `text`, `toolUse.input`, `reasoningContent.text` or `.signature`. */
function contentBlockDelta(delta: unknown): Shaped | undefined {
  const member = soleMember(delta);
  if (!member) return undefined;
  const [name, value] = member;
  if (name === 'text' && typeof value === 'string') return { text: value };
  const inner = soleMember(value);
  if (!inner || typeof inner[1] !== 'string') return undefined;
  if (name === 'toolUse' && inner[0] === 'input') return { toolUse: { input: inner[1] } };
  if (name === 'reasoningContent' && (inner[0] === 'text' || inner[0] === 'signature'))
    return { reasoningContent: { [inner[0]]: inner[1] } };
  return undefined;
}

function soleMember(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] !== undefined ? [keys[0], value[keys[0]]] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof (value as AsyncIterable<Uint8Array> | undefined)?.[Symbol.asyncIterator] === 'function';
}

/** A plain Uint8Array view, as the SDK's decoder gives (not a Buffer). */
function view(bytes: Buffer, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}
