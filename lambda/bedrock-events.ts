import { eventStreamSerdeProvider } from '@smithy/core/event-streams';
import type { EventStreamMarshaller, EventStreamSerdeProvider, Message } from '@smithy/types';

type Shaped = Record<string, unknown>;

/**
 * The SDK's event-stream marshaller (the client's `eventStreamSerdeProvider` setting) with a
 * shortcut for the event that makes up almost every Converse stream, `contentBlockDelta`.
 *
 * The SDK still reads, splits and checks (CRC) every message and decodes its headers; it still
 * shapes every other event, every exception and every error. Only a delta, which it shapes by
 * walking the operation's schema for each one, becomes one `JSON.parse` and a copy of what the
 * SDK would keep, and only when it holds exactly the members listed below; anything else goes to
 * the SDK as before. test/proxy/bedrock-events.test.ts streams the same bytes through both and
 * checks that they give the same events and the same errors.
 */
export const fastEventStreamSerdeProvider: EventStreamSerdeProvider = (options) => {
  const sdk = eventStreamSerdeProvider(options);
  return {
    serialize: (input, serializer) => sdk.serialize(input, serializer),
    deserialize: <T>(body: unknown, deserializer: (event: Record<string, Message>) => Promise<T>) =>
      sdk.deserialize(body, (event) => {
        const shaped = shortcut(event);
        return shaped ? Promise.resolve(shaped as T) : deserializer(event);
      }),
  } satisfies EventStreamMarshaller;
};

const decoder = new TextDecoder();

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

/** The delta union with exactly one of: `text`, `toolUse.input`, `reasoningContent.text`, `reasoningContent.signature`. */
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
