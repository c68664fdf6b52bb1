import { readFileSync } from 'node:fs';
import http from 'node:http';
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export type Transport = 'h2' | 'h1';

/** The SDK as the proxy uses it: default HTTP/2 handler, or HTTP/1.1 with a keep-alive agent. */
export function bedrockClient(
  url: string,
  transport: Transport = 'h2',
  credentials = { accessKeyId: 'x', secretAccessKey: 'x' },
): BedrockRuntimeClient {
  const base = { endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 };
  if (transport === 'h2') return new BedrockRuntimeClient(base);
  return new BedrockRuntimeClient({ ...base, requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }) });
}

// biome-ignore lint/suspicious/noExplicitAny: assertions index freely into decoded JSON.
export type Json = Record<string, any>;

const decoder = new TextDecoder();

export async function invokeJson(client: BedrockRuntimeClient, modelId: string, body: unknown, extra: Json = {}): Promise<Json> {
  const out = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json', ...extra }));
  return JSON.parse(decoder.decode(out.body)) as Json;
}

export async function invokeStreamChunks(client: BedrockRuntimeClient, modelId: string, body: unknown, extra: Json = {}): Promise<Json[]> {
  const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(body), ...extra }));
  const chunks: Json[] = [];
  for await (const event of out.body ?? []) {
    if (event.chunk?.bytes) chunks.push(JSON.parse(decoder.decode(event.chunk.bytes)) as Json);
  }
  return chunks;
}

export async function converseEvents(client: BedrockRuntimeClient, input: ConverseStreamCommandInput): Promise<ConverseStreamOutput[]> {
  const out = await client.send(new ConverseStreamCommand(input));
  const events: ConverseStreamOutput[] = [];
  for await (const event of out.stream ?? []) events.push(event);
  return events;
}

export function converseText(events: readonly ConverseStreamOutput[]): string {
  return events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
}

/** An iterator over an SDK event stream, for tests that pull events one at a time. */
export function iterate<T>(stream: AsyncIterable<T> | undefined): AsyncIterator<T> {
  if (stream === undefined) throw new Error('the response has no stream');
  return stream[Symbol.asyncIterator]();
}

/** Catches the error a promise rejects with (or fails the test). */
export async function caught(promise: Promise<unknown>): Promise<Json> {
  try {
    await promise;
  } catch (error) {
    return error as Json;
  }
  throw new Error('expected a rejection');
}

const FIXTURES = new URL('../fixtures/bedrock/', import.meta.url);

export function fixtureJson(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Json;
}

export function fixtureLines(name: string): Json[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Json);
}

/** Key structure of a JSON value: leaves collapse (values and null/number differences ignored), arrays to the set of their element shapes. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...new Set(value.map((item) => JSON.stringify(shapeOf(item))))].sort();
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shapeOf((value as Json)[key])]),
    );
  }
  return 'leaf';
}

/** The distinct shapes of a list of chunks, plus the first and last shape, for stream comparisons. */
export function streamShape(chunks: readonly unknown[]): { first: unknown; last: unknown; all: string[] } {
  return {
    first: shapeOf(chunks[0]),
    last: shapeOf(chunks.at(-1)),
    all: [...new Set(chunks.map((chunk) => JSON.stringify(shapeOf(chunk))))].sort(),
  };
}
