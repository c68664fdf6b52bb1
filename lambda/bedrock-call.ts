import type {
  BedrockRuntimeClient,
  BedrockRuntimeClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-bedrock-runtime';
import type { Command } from '@smithy/types';
import { bindSignal } from './bedrock-client';
import type { BedrockEvents } from './chat/events';
import type { Config } from './config';
import { bedrockFailure, incompleteStream, invalidUpstreamBody, NOT_A_JSON_OBJECT } from './errors';
import { obj } from './models/text-families';

/** What every Bedrock call needs: the one client built at cold start, and the configuration. */
export interface BedrockDeps {
  readonly client: BedrockRuntimeClient;
  readonly config: Config;
}

/** A command of this client's operations, as `client.send()` takes it. */
type BedrockCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  BedrockRuntimeClientResolvedConfig
>;

/**
 * Runs one Bedrock call with the request's signal. Whatever fails becomes an HttpError: SDK
 * errors keep their classification, transport faults are upstream (502), and anything after the
 * signal fired is the deadline (504). The signal aborts the HTTP exchange (`bindSignal`) and
 * also ends the wait at once when it fires during a retry delay, which the SDK no longer sees.
 */
export async function callBedrock<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  client: BedrockRuntimeClient,
  command: BedrockCommand<I, O>,
  signal: AbortSignal | undefined,
): Promise<O> {
  if (signal) bindSignal(command.input, signal);
  try {
    return await untilAborted(client.send(command), signal);
  } catch (error) {
    throw bedrockFailure(error, signal);
  }
}

/** `work`, or the signal's reason as soon as it fires; the abandoned call's outcome is dropped. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      work.catch(() => undefined);
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** InvokeModel's input for a JSON request body, as /chat's raw payloads and the embedding calls send it. */
export function jsonInvokeInput(model: string, body: unknown) {
  return {
    modelId: model,
    contentType: 'application/json',
    accept: 'application/json',
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}

/**
 * Opens a streaming response's event stream: waits for Bedrock's first event (messageStart,
 * message_start, …) before handing it over, so an exception sent as the first frame, or a stream
 * that ends before any event, still becomes an honest HTTP status instead of an in-band error
 * after a 200. Later failures are classified like `callBedrock`'s.
 */
export async function openStream<T>(stream: AsyncIterable<T> | undefined, signal: AbortSignal | undefined): Promise<BedrockEvents<T>> {
  if (!stream) throw invalidUpstreamBody('Bedrock returned no event stream.');
  const iterator = stream[Symbol.asyncIterator]();
  const classify = (error: unknown): never => {
    throw bedrockFailure(error, signal);
  };
  let head: IteratorResult<T, undefined> | undefined = await iterator.next().catch(classify);
  // No event at all is no answer, and nothing has been sent yet to say so in-band.
  if (head.done) throw incompleteStream();
  return {
    next: () => {
      if (head === undefined) return iterator.next().catch(classify);
      const first = head;
      head = undefined;
      return Promise.resolve(first);
    },
    cancel: () => void iterator.return?.().catch(() => undefined),
  };
}

/** One decoder for every body and stream chunk: `decode` keeps no state between calls. */
const utf8 = new TextDecoder();

/** Parses a Bedrock JSON body or chunk; anything but a JSON object is an upstream fault (502). */
export function parseJson(bytes: Uint8Array | undefined): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes ?? new Uint8Array()));
  } catch {
    value = undefined;
  }
  const object = obj(value);
  if (!object) throw invalidUpstreamBody(NOT_A_JSON_OBJECT);
  return object;
}
