import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventFrame } from '../../local/emulator/event-stream';
import { allNdjson, bodyOf, postJson } from '../support/http';
import { useLocalProxyBehind } from '../support/proxy';

/**
 * A Bedrock endpoint whose ConverseStream answer is the bytes set here: event-stream messages that
 * cannot be read (a checksum that does not match, lengths that do not add up, a header the format
 * requires that is missing) are a body Bedrock got wrong, `invalid_upstream_body`, as an event that
 * is not JSON is; a stream cut off in the middle of a message is a connection that failed,
 * `upstream_connection_error`.
 */
const upstream: { frames: Uint8Array[]; holdOpen: boolean; closed?: () => void } = { frames: [], holdOpen: false };
const held = new Set<http.ServerResponse>();
const server = http.createServer((req, res) => {
  req.resume().on('end', () => {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    for (const frame of upstream.frames) res.write(frame);
    if (upstream.holdOpen) {
      held.add(res);
      res.on('close', () => upstream.closed?.());
    } else res.end();
  });
});
afterAll(() => {
  for (const res of held) res.destroy();
});
const proxy = useLocalProxyBehind(server);
const chat = { messages: [{ role: 'user', content: 'hi' }], stream: true };

const start = eventFrame('messageStart', { role: 'assistant' });
const delta = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' }, p: 'abc' });
/**
 * `delta` with its length raised by 256 bytes: its prelude checksum no longer matches, and a reader
 * that trusts the length waits for bytes that never come (the SDK's calls a stream that then ends
 * a cut stream).
 */
const longer = Buffer.from(delta);
longer.writeUInt32BE(longer.readUInt32BE(0) + 256, 0);

/** `frame` with one byte changed at `at` (from its end when negative). */
function flipped(frame: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(frame);
  const index = at < 0 ? copy.length + at : at;
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}

/** A message with these header bytes and body, its checksums right (and its lengths, unless told). */
function message(headers: Uint8Array, body: Uint8Array = json, headersLength = headers.length): Uint8Array {
  const total = 16 + headers.length + body.length;
  const bytes = Buffer.alloc(total);
  bytes.writeUInt32BE(total, 0);
  bytes.writeUInt32BE(headersLength, 4);
  bytes.writeUInt32BE(zlib.crc32(bytes.subarray(0, 8)), 8);
  bytes.set(headers, 12);
  bytes.set(body, 12 + headers.length);
  bytes.writeUInt32BE(zlib.crc32(bytes.subarray(0, total - 4)), total - 4);
  return bytes;
}

const json = new TextEncoder().encode('{}');

/** A header: its name, its type (0 to 9 in the format) and its value's bytes. */
const header = (name: string, type: number, value: number[]) =>
  Buffer.concat([Buffer.from([name.length]), Buffer.from(name), Buffer.from([type, ...value])]);
const string = (name: string, value: string) => header(name, 7, [0, value.length, ...Buffer.from(value)]);
const headers = (...list: Uint8Array[]) => Buffer.concat(list);

const unreadable: [string, Uint8Array][] = [
  ['a header of a type the format does not have', message(header(':event-type', 12, [0, 0]))],
  ['a prelude that claims more than the 16 MiB a message may have', Uint8Array.from([0x01, 0, 0, 1, 0, 0, 0, 0])],
  ['a message checksum that does not match', flipped(delta, -1)],
  ['a body byte changed (the message checksum no longer matches)', flipped(delta, -6)],
  ['a prelude checksum that does not match', flipped(delta, 9)],
  ['a length raised past the message (its prelude checksum no longer matches)', longer],
  ['a message shorter than its prelude says it can be', Uint8Array.from([0, 0, 0, 8, 0, 0, 0, 0])],
  ['bytes that are no event stream at all', new TextEncoder().encode('<html>Bad gateway</html>')],
  ['a prelude that says the message has no bytes', Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0])],
  ['a prelude that says the message has 3 bytes', Uint8Array.from([0, 0, 0, 3, 0, 0, 0, 0])],
  ['headers longer than the message (its checksums right)', message(string(':message-type', 'event'), json, 1000)],
  ['a header name longer than the headers', message(Buffer.from([200, 0x61, 0x62]))],
  ['a message with no :message-type', message(string(':event-type', 'messageStart'))],
  ['an event with no :event-type', message(string(':message-type', 'event'))],
  ['an error with no :error-code', message(headers(string(':message-type', 'error'), string(':error-message', 'broken')))],
  ['an exception with no :exception-type', message(string(':message-type', 'exception'))],
  ['a :message-type the format does not have', message(headers(string(':message-type', 'weird'), string(':event-type', 'messageStart')))],
  ['a :message-type that is a number', message(headers(header(':message-type', 4, [0, 0, 0, 1]), string(':event-type', 'messageStart')))],
];

/**
 * Serves `frames` and holds the response open, as Bedrock would while it works; resolves once the
 * proxy has closed that response, which cancels Bedrock's call.
 */
function servedHeldOpen(frames: Uint8Array[]): Promise<void> {
  upstream.frames = frames;
  upstream.holdOpen = true;
  return new Promise<void>((resolve) => {
    upstream.closed = resolve;
  });
}
afterEach(() => {
  upstream.holdOpen = false;
});

/** A delta with a timestamp header, which only the SDK's own reader reads. */
const timestamped = message(
  headers(string(':message-type', 'event'), string(':event-type', 'contentBlockDelta'), header('sent', 8, [0, 0, 0, 0, 0, 0, 0, 1])),
  new TextEncoder().encode(JSON.stringify({ contentBlockIndex: 0, delta: { text: 'lo' } })),
);

describe('an event stream Bedrock sent that cannot be read', () => {
  it('a well-formed one is read (the fake endpoint itself works)', async () => {
    upstream.frames = [start, delta, eventFrame('messageStop', { stopReason: 'end_turn' })];
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, chat));
    expect(lines.at(-1)).toMatchObject({ is_final: true, stop_reason: 'end_turn' });
  });

  it.each(unreadable)('%s, as the first message: a 502 invalid_upstream_body', async (_name, frame) => {
    upstream.frames = [frame];
    const response = await postJson(`${proxy.url}/chat`, chat);
    expect(response.status).toBe(502);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'upstream_error', code: 'invalid_upstream_body' } });
  });

  it.each(unreadable)('%s, after the stream began: an in-band invalid_upstream_body', async (_name, frame) => {
    upstream.frames = [start, delta, frame];
    const response = await postJson(`${proxy.url}/chat`, chat);
    expect(response.status).toBe(200);
    const lines = await allNdjson(response);
    expect(lines[0]).toMatchObject({ text: 'Hel' });
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { type: 'upstream_error', code: 'invalid_upstream_body' } });
  });

  it('a prelude over the limit is refused at once, not buffered while Bedrock keeps the stream open, and the call is cancelled', async () => {
    const cancelled = servedHeldOpen([start, delta, Uint8Array.from([0x0c, 0, 0, 0, 0, 0, 0, 0])]);
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, chat));
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { code: 'invalid_upstream_body' } });
    // The proxy also cancels the call: the connection Bedrock held open is closed.
    await cancelled;
  });

  it('a prelude over the limit is refused at once after an event only the SDK reads (a timestamp header)', { timeout: 5_000 }, async () => {
    const cancelled = servedHeldOpen([start, timestamped, Uint8Array.from([0x01, 0x10, 0, 0, 0, 0, 0, 0])]);
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, chat));
    expect(lines[0]).toMatchObject({ text: 'lo' });
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { code: 'invalid_upstream_body' } });
    await cancelled;
  });

  it.each([
    ['a message checksum that does not match', flipped(start, -1)],
    ['a prelude that claims more than the 16 MiB a message may have', Uint8Array.from([0x0c, 0, 0, 0, 0, 0, 0, 0])],
  ])(
    '%s, as the first message while Bedrock keeps the stream open: a 502, and the call is cancelled',
    { timeout: 5_000 },
    async (_name, frame) => {
      const cancelled = servedHeldOpen([frame]);
      const response = await postJson(`${proxy.url}/chat`, chat);
      expect(response.status).toBe(502);
      expect(await bodyOf(response)).toMatchObject({ error: { code: 'invalid_upstream_body' } });
      await cancelled;
    },
  );

  const stop = eventFrame('messageStop', { stopReason: 'end_turn' });

  it('a length that its prelude checksum refutes is refused at once, not waited for while Bedrock keeps the stream open', {
    timeout: 5_000,
  }, async () => {
    const cancelled = servedHeldOpen([start, delta, longer, stop]);
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, chat));
    expect(lines[0]).toMatchObject({ text: 'Hel' });
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { code: 'invalid_upstream_body' } });
    await cancelled;
  });

  const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
  const payload = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 9, messages: chat.messages };
  it.each([
    ['/chat messages', '/chat', chat],
    ['/chat payload', '/chat', { model: claude, stream: true, payload }],
    ['/v1/chat/completions', '/v1/chat/completions', { model: claude, stream: true, messages: chat.messages }],
  ])('a stream that ends before any event is a 502 incomplete_stream on %s, not a 200', async (_name, path, body) => {
    upstream.frames = [];
    const response = await postJson(`${proxy.url}${path}`, body);
    expect(response.status).toBe(502);
    expect(await bodyOf(response)).toMatchObject({ error: { type: 'upstream_error', code: 'incomplete_stream' } });
  });

  it('a stream cut off in the middle of a message is a connection that failed', async () => {
    upstream.frames = [start, delta, delta.subarray(0, 20)];
    const lines = await allNdjson(await postJson(`${proxy.url}/chat`, chat));
    expect(lines.at(-1)).toMatchObject({ is_final: true, error: { type: 'upstream_error', code: 'upstream_connection_error' } });
  });
});
