import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../lambda/bedrock-client';
import { fastEventStreamSerdeProvider, shortcut } from '../../lambda/bedrock-events';
import { loadConfig } from '../../lambda/config';
import { errorFrame, eventFrame, exceptionFrame } from '../../local/emulator/event-stream';
import type { JsonObject } from '../../local/emulator/types';

/**
 * The same event-stream bytes, served over loopback HTTP, read by two real SDK clients: the SDK's
 * own marshaller and ours (lambda/bedrock-events.ts). Whatever the bytes, both must give the same
 * events and fail with the same error.
 */
type Frame = Uint8Array;

let frames: Frame[] = [];
let server: http.Server;
let endpoint = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-1' });
      for (const frame of frames) res.write(frame);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clientOptions = () => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
  // HTTP/1.1, as the proxy's own client (lambda/bedrock-client.ts).
  requestHandler: new NodeHttpHandler(),
});
const sdkClient = () => new BedrockRuntimeClient(clientOptions());
const ourClient = () => new BedrockRuntimeClient({ ...clientOptions(), eventStreamSerdeProvider: fastEventStreamSerdeProvider });

type Operation = 'converse' | 'invoke';

interface Outcome {
  readonly events: unknown[];
  readonly error?: Record<string, unknown>;
}

async function read(client: BedrockRuntimeClient, operation: Operation, served: Frame[]): Promise<Outcome> {
  frames = served;
  const events: unknown[] = [];
  try {
    const stream =
      operation === 'converse'
        ? (await client.send(new ConverseStreamCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))).stream
        : (await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'm', body: '{}' }))).body;
    for await (const event of stream ?? []) events.push(event);
    return { events };
  } catch (error) {
    // Every own field (the SDK's $fault, $metadata, modeled members) besides the stack trace.
    const { stack: _stack, ...fields } = Object.assign({}, error) as Record<string, unknown>;
    const { name, message } = error as Error;
    return { events, error: { ...fields, class: (error as Error).constructor.name, name, message } };
  }
}

/** How many events the comparisons have seen, so that a run where every read failed shows. */
let compared = 0;

async function expectSame(operation: Operation, served: Frame[]): Promise<Outcome> {
  const theirs = await read(sdkClient(), operation, served);
  const ours = await read(ourClient(), operation, served);
  expect(ours).toStrictEqual(theirs);
  compared += ours.events.length;
  return ours;
}

const chunkFrame = (payload: string, extra: JsonObject = {}) =>
  eventFrame('chunk', { bytes: Buffer.from(payload).toString('base64'), ...extra });
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/bedrock/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

describe('the event-stream shortcut gives what the SDK gives (lambda/bedrock-events.ts)', () => {
  it('takes the shortcut for text, tool-input and reasoning deltas, and for nothing else', () => {
    const message = (payload: JsonObject) => ({ headers: {}, body: Buffer.from(JSON.stringify(payload)) });
    const taken = (type: string, payload: JsonObject) => shortcut({ [type]: message(payload) }) !== undefined;
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'a' }, p: 'abc' })).toBe(true);
    expect(taken('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"a"' } } })).toBe(true);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hm' } } })).toBe(true);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 's' } } })).toBe(true);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'AAAA' } } })).toBe(false);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { citation: { title: 't' } } })).toBe(false);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'a' }, later: 1 })).toBe(false);
    expect(taken('contentBlockDelta', { contentBlockIndex: 0.5, delta: { text: 'a' } })).toBe(false);
    expect(taken('chunk', { bytes: Buffer.from('{}').toString('base64') })).toBe(false);
    expect(taken('messageStart', { role: 'assistant' })).toBe(false);
  });

  it('is what the proxy client uses', () => {
    const client = createBedrockClient(loadConfig({ AWS_REGION: 'us-east-1' }));
    expect(client.config.eventStreamSerdeProvider).toBe(fastEventStreamSerdeProvider);
  });

  it('gives the same events for the recorded Converse streams', async () => {
    for (const name of ['converse-stream.jsonl', 'converse-stream-tool-use.jsonl']) {
      const served = fixture(name).map((line) => {
        const [type, payload] = Object.entries(JSON.parse(line) as Record<string, JsonObject>)[0] ?? [];
        return eventFrame(type ?? '', { ...payload, p: 'abcdefghij' });
      });
      const { events } = await expectSame('converse', served);
      expect(events.length).toBe(served.length);
    }
  });

  it('gives the same chunks for the recorded InvokeModelWithResponseStream streams', async () => {
    for (const name of ['anthropic.stream.jsonl', 'nova.stream.jsonl', 'llama.stream.jsonl', 'titan-text.stream.jsonl']) {
      const served = fixture(name).map((line) => chunkFrame(line, { p: 'abcdef' }));
      const { events } = await expectSame('invoke', served);
      expect(events.length).toBe(served.length);
    }
  });

  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const index = fc.oneof(fc.nat(5), fc.constantFrom(-1, 0.5, 2 ** 53, '0', null));
  const delta = fc.oneof(
    text.map((t) => ({ text: t })),
    text.map((t) => ({ toolUse: { input: t } })),
    text.map((t) => ({ reasoningContent: { text: t } })),
    text.map((t) => ({ reasoningContent: { signature: t } })),
    fc.uint8Array({ maxLength: 12 }).map((b) => ({ reasoningContent: { redactedContent: Buffer.from(b).toString('base64') } })),
    text.map((t) => ({ citation: { title: t, location: { documentChar: { documentIndex: 0, start: 0, end: 1 } } } })),
    text.map((t) => ({ text: t, toolUse: { input: t } })),
    text.map((t) => ({ somethingNew: { value: t } })),
    fc.constantFrom({}, { text: 5 }, { toolUse: { input: 'x', extra: 1 } }, { reasoningContent: {} }, null, 'text'),
  );
  const converseEvent = fc.oneof(
    fc
      .record({ contentBlockIndex: index, delta }, { requiredKeys: ['delta'] })
      .chain((payload) =>
        fc.constantFrom<JsonObject>(payload as JsonObject, { ...payload, p: 'abcd' } as JsonObject, { ...payload, other: 1 } as JsonObject),
      ),
    fc.constantFrom<[string, JsonObject]>(
      ['messageStart', { role: 'assistant' }],
      ['contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'f' } } }],
      ['contentBlockStop', { contentBlockIndex: 0 }],
      ['messageStop', { stopReason: 'end_turn' }],
      ['metadata', { usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 }, metrics: { latencyMs: 12 } }],
    ),
  );
  const ending = fc.constantFrom<Frame[]>(
    [],
    [exceptionFrame('modelStreamErrorException', { message: 'boom', originalStatusCode: 500, originalMessage: 'x' })],
    [exceptionFrame('throttlingException', { message: 'slow down' })],
    [exceptionFrame('validationException', { message: 'bad' })],
    [errorFrame('InternalFailure', 'broken')],
  );
  const asFrame = (event: JsonObject | [string, JsonObject]) =>
    Array.isArray(event) ? eventFrame(event[0], event[1]) : eventFrame('contentBlockDelta', event);

  it('gives the same events and the same error for any sequence of Converse events', async () => {
    const before = compared;
    await fc.assert(
      fc.asyncProperty(fc.array(converseEvent, { maxLength: 8 }), ending, async (events, end) => {
        await expectSame('converse', [...events.map(asFrame), ...end]);
      }),
      { numRuns: 150 },
    );
    expect(compared - before).toBeGreaterThan(150);
  });

  it('gives the same chunks and the same error for any sequence of InvokeModelWithResponseStream chunks', async () => {
    const before = compared;
    const chunk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }).map((payload) => chunkFrame(payload)),
      fc.string({ unit: 'binary', maxLength: 40 }).map((payload) => chunkFrame(payload, { p: 'ab' })),
      fc.string({ unit: 'binary', maxLength: 40 }).map((payload) => chunkFrame(payload, { other: true })),
      fc.constantFrom('abc', 'ab$=', '====', '', 'QQ==').map((bytes) => eventFrame('chunk', { bytes })),
      fc.constantFrom<JsonObject>({}, { bytes: 5 }, { bytes: null }).map((payload) => eventFrame('chunk', payload)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 8 }), ending, async (chunks, end) => {
        await expectSame('invoke', [...chunks, ...end]);
      }),
      { numRuns: 150 },
    );
    expect(compared - before).toBeGreaterThan(150);
  });
});
