import { readFileSync } from 'node:fs';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { converseMapper, readConverse } from '../../lambda/chat/converse';
import type { BedrockEvents, ChatEvent, EventMapper } from '../../lambda/chat/events';
import { invokeMapper } from '../../lambda/chat/invoke';
import { ndjsonFormat } from '../../lambda/chat/ndjson';
import { chatText, type StreamFormat } from '../../lambda/chat/stream-text';

const lines = <T>(name: string): T[] =>
  readFileSync(`test/fixtures/bedrock/${name}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

/** A recorded InvokeModelWithResponseStream body as the SDK yields it: each chunk's JSON as bytes. */
const invokeStream = (name: string) =>
  lines<Record<string, unknown>>(name).map((chunk) => ({ chunk: { bytes: new TextEncoder().encode(JSON.stringify(chunk)) } }));

const mapAll = <In, Out>(events: readonly In[], mapper: EventMapper<In, Out>): Out[] => [
  ...events.flatMap((event) => mapper.next(event)),
  ...mapper.end(),
];

const textOf = (events: readonly ChatEvent[]) => events.map((event) => (event.type === 'text' ? event.text : '')).join('');

describe('invokeMapper: recorded InvokeModelWithResponseStream bodies → ChatEvents', () => {
  it.each([
    ['anthropic.stream.jsonl', 'us.anthropic.claude-3-haiku-20240307-v1:0', 'end_turn', { input_tokens: 10, output_tokens: 12 }],
    ['nova.stream.jsonl', 'amazon.nova-lite-v1:0', 'end_turn', { input_tokens: 5, output_tokens: 10 }],
    ['llama.stream.jsonl', 'meta.llama3-1-8b-instruct-v1:0', 'stop', { input_tokens: 14, output_tokens: 10 }],
    ['titan-text.stream.jsonl', 'amazon.titan-text-express-v1', 'FINISH', { input_tokens: 5, output_tokens: 9 }],
  ])('%s', (fixture, model, stopReason, usage) => {
    // Act
    const events = mapAll(invokeStream(fixture), invokeMapper(model));
    // Assess
    expect(textOf(events)).toBe('Hello! How can I help you today?');
    expect(events.filter((event) => event.type === 'end')).toEqual([{ type: 'end', usage, stopReason }]);
    expect(events.at(-1)?.type).toBe('end');
  });

  it('keeps a guardrail intervention as the stop reason when a later chunk reports the model’s own', () => {
    const chunks = [{ outputs: [{ text: 'x', stop_reason: 'guardrail_intervened' }] }, { outputs: [{ text: '', stop_reason: 'stop' }] }];
    const events = mapAll(
      chunks.map((chunk) => ({ chunk: { bytes: new TextEncoder().encode(JSON.stringify(chunk)) } })),
      invokeMapper('mistral.mistral-7b-instruct-v0:2'),
    );
    expect(events.at(-1)).toMatchObject({ type: 'end', stopReason: 'guardrail_intervened' });
  });

  it('a recorded Claude stream cut before its stop reason is incomplete_stream; cut after it, only message_stop missing, it is whole', () => {
    const recorded = invokeStream('anthropic.stream.jsonl');
    const model = 'us.anthropic.claude-3-haiku-20240307-v1:0';
    const stopAt = recorded.findIndex((event) => JSON.parse(new TextDecoder().decode(event.chunk.bytes)).type === 'message_delta');
    expect(stopAt).toBeGreaterThan(0);
    expect(() => mapAll(recorded.slice(0, stopAt), invokeMapper(model))).toThrow(
      expect.objectContaining({ statusCode: 502, details: expect.objectContaining({ code: 'incomplete_stream' }) }),
    );
    expect(mapAll(recorded.slice(0, stopAt + 1), invokeMapper(model)).at(-1)).toMatchObject({ type: 'end', stopReason: 'end_turn' });
  });

  it.each([
    ['titan-text.stream.jsonl', 'amazon.titan-text-express-v1'],
    ['llama.stream.jsonl', 'meta.llama3-1-8b-instruct-v1:0'],
  ])('a recorded %s cut before its last chunk (stop reason and Bedrock’s metrics) is incomplete_stream', (fixture, model) => {
    const recorded = invokeStream(fixture);
    expect(() => mapAll(recorded.slice(0, -1), invokeMapper(model))).toThrow(
      expect.objectContaining({ statusCode: 502, details: expect.objectContaining({ code: 'incomplete_stream' }) }),
    );
  });

  it('a family without a recorded closing chunk (Mistral) takes a clean end as complete', () => {
    const cut = invokeStream('mistral-text.stream.jsonl').slice(0, -1);
    expect(mapAll(cut, invokeMapper('mistral.mistral-7b-instruct-v0:2')).at(-1)).toEqual({
      type: 'end',
      usage: { input_tokens: 0, output_tokens: 0 },
      stopReason: null,
    });
  });

  it('skips events without bytes and reports a chunk that is not JSON as Bedrock’s fault (502)', () => {
    const mapper = invokeMapper('us.anthropic.claude-3-haiku-20240307-v1:0');
    expect(mapper.next({})).toEqual([]);
    expect(() => mapper.next({ chunk: { bytes: new TextEncoder().encode('not json') } })).toThrow(
      expect.objectContaining({ statusCode: 502, type: 'upstream_error' }),
    );
  });
});

describe('readConverse', () => {
  it.each([
    ['an empty body', {}],
    ['an output without a message', { output: {}, stopReason: 'end_turn' as const }],
  ])('refuses %s as an invalid upstream body instead of an empty answer', (_name, output) => {
    // The SDK's types say these fields are always there; an empty 200 body leaves them out.
    expect(() => readConverse(output as Parameters<typeof readConverse>[0])).toThrow(
      expect.objectContaining({ statusCode: 502, details: { code: 'invalid_upstream_body' } }),
    );
  });
});

describe('converseMapper: a recorded ConverseStream → ChatEvents', () => {
  it('maps text, then one end event with usage and stop reason', () => {
    const events = mapAll(lines<ConverseStreamOutput>('converse-stream.jsonl'), converseMapper());
    expect(textOf(events)).toBe('Hello! How can I help you today?');
    expect(events.at(-1)).toEqual({ type: 'end', usage: { input_tokens: 14, output_tokens: 9 }, stopReason: 'end_turn' });
  });
});

describe('chatText: events mapped, noted and formatted one at a time', () => {
  /** Bedrock events from memory, with what the body did to them. */
  function source<T>(events: readonly T[]): BedrockEvents<T> & { cancelled: boolean; pulls: number } {
    let index = 0;
    return {
      cancelled: false,
      pulls: 0,
      next() {
        this.pulls += 1;
        const value = events[index];
        index += 1;
        return Promise.resolve(value === undefined ? { done: true, value: undefined } : { done: false, value });
      },
      cancel() {
        this.cancelled = true;
      },
    };
  }

  async function drain(body: { next(): Promise<string | undefined> }): Promise<string[]> {
    const pieces: string[] = [];
    for (let piece = await body.next(); piece !== undefined; piece = await body.next()) pieces.push(piece);
    return pieces;
  }

  it('writes the recorded stream as the original proxy’s NDJSON lines, noting every event', async () => {
    // Prepare
    const noted: ChatEvent['type'][] = [];
    const events = source(invokeStream('anthropic.stream.jsonl'));
    const body = chatText(
      { events, mapper: invokeMapper('us.anthropic.claude-3-haiku-20240307-v1:0') },
      { note: (event) => noted.push(event.type) },
      ndjsonFormat,
    );
    // Act
    const pieces = await drain(body);
    // Assess: one piece per Bedrock event ('' where it carries no text), then the final line
    expect(pieces.length).toBe(invokeStream('anthropic.stream.jsonl').length + 1);
    expect(pieces.filter(Boolean).map((piece) => JSON.parse(piece))).toEqual([
      { text: 'Hello!', is_final: false },
      { text: ' How can I help you today?', is_final: false },
      { text: '', is_final: true, usage: { input_tokens: 10, output_tokens: 12 }, stop_reason: 'end_turn' },
    ]);
    expect(noted).toEqual(['text', 'text', 'end']);
    expect(await body.next()).toBeUndefined();
  });

  it('puts the head before the first event and the tail after the end events, once each', async () => {
    const format: StreamFormat = { head: '<', event: (event) => (event.type === 'text' ? event.text : `[${event.type}]`), tail: '>' };
    const text = (value: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: value } } });
    const stop: ConverseStreamOutput = { messageStop: { stopReason: 'end_turn' } };
    const body = chatText({ events: source([text('a'), text('b'), stop]), mapper: converseMapper() }, { note: () => undefined }, format);
    expect((await drain(body)).join('')).toBe('<ab[end]>');
  });

  it('fails a ConverseStream that ends without messageStop instead of passing it off as complete', async () => {
    const events = lines<ConverseStreamOutput>('converse-stream.jsonl');
    const cut = events.slice(
      0,
      events.findIndex((event) => event.messageStop),
    );
    expect(cut.some((event) => event.contentBlockDelta)).toBe(true);
    const body = chatText({ events: source(cut), mapper: converseMapper() }, { note: () => undefined }, ndjsonFormat);
    const pieces: string[] = [];
    const error = await (async () => {
      for (let piece = await body.next(); piece !== undefined; piece = await body.next()) pieces.push(piece);
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 502, details: { code: 'incomplete_stream' } });
    expect(pieces.join('')).toContain('"is_final":false');
    expect(pieces.join('')).not.toContain('"is_final":true');
  });

  it('passes a cancel on to Bedrock’s stream', () => {
    const events = source<ConverseStreamOutput>([]);
    chatText({ events, mapper: converseMapper() }, { note: () => undefined }, ndjsonFormat).cancel();
    expect(events.cancelled).toBe(true);
  });
});
