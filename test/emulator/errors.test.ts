import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BedrockErrorCode,
  type Emulator,
  ERROR_STATUS,
  type Fault,
  type StreamExceptionMember,
  startEmulator,
} from '../../local/emulator/index';
import { bedrockClient, caught, converseEvents, invokeJson, invokeStreamChunks, type Json } from './helpers';

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const CLAUDE_BODY = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Hello there friend' }],
};
const CONVERSE = { modelId: CLAUDE, messages: [{ role: 'user' as const, content: [{ text: 'Hello there friend' }] }] };

const CODES = Object.keys(ERROR_STATUS).filter((code) => code !== 'ModelStreamErrorException') as BedrockErrorCode[];

const EXCEPTIONS: ReadonlyArray<readonly [StreamExceptionMember, string]> = [
  ['internalServerException', 'InternalServerException'],
  ['modelStreamErrorException', 'ModelStreamErrorException'],
  ['validationException', 'ValidationException'],
  ['throttlingException', 'ThrottlingException'],
  ['modelTimeoutException', 'ModelTimeoutException'],
  ['serviceUnavailableException', 'ServiceUnavailableException'],
];

describe('errors', () => {
  let emulator: Emulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = bedrockClient(emulator.url, 'h1');
  });

  afterEach(() => emulator.reset());

  /** Reads a ConverseStream with `fault` queued: the text deltas that arrived, and what was thrown. */
  async function converseUntilThrown(fault: Fault): Promise<{ deltas: string[]; error: Json }> {
    emulator.fault(fault);
    const out = await client.send(new ConverseStreamCommand(CONVERSE));
    const deltas: string[] = [];
    const error = await caught(
      (async () => {
        for await (const event of out.stream ?? [])
          if (event.contentBlockDelta?.delta?.text) deltas.push(event.contentBlockDelta.delta.text);
      })(),
    );
    return { deltas, error };
  }

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  describe.each(CODES)('%s fault', (code) => {
    it('fails InvokeModel with that name and status', async () => {
      emulator.fault({ error: code, message: `boom ${code}` });

      const error = await caught(invokeJson(client, CLAUDE, CLAUDE_BODY));

      expect(error.name).toBe(code);
      expect(error.message).toBe(`boom ${code}`);
      expect(error.$metadata.httpStatusCode).toBe(ERROR_STATUS[code]);
    });

    it('fails the stream operations before the stream starts', async () => {
      emulator.fault({ error: code, times: 2 });

      const imwrs = await caught(invokeStreamChunks(client, CLAUDE, CLAUDE_BODY));
      const converse = await caught(converseEvents(client, CONVERSE));

      expect([imwrs.name, converse.name]).toEqual([code, code]);
      expect(converse.$metadata.httpStatusCode).toBe(ERROR_STATUS[code]);
    });
  });

  it('adds originalStatusCode and resourceName to ModelErrorException', async () => {
    emulator.fault({ error: 'ModelErrorException' });

    const error = await caught(invokeJson(client, CLAUDE, CLAUDE_BODY));

    expect(error.originalStatusCode).toBe(500);
    expect(error.resourceName).toContain(CLAUDE);
  });

  it('applies a fault only to its operation and only `times` times', async () => {
    emulator.fault({ error: 'ThrottlingException', operation: 'converse', times: 1 });

    await expect(invokeJson(client, CLAUDE, CLAUDE_BODY)).resolves.toBeDefined();
    await expect(client.send(new ConverseCommand(CONVERSE))).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(client.send(new ConverseCommand(CONVERSE))).resolves.toBeDefined();
  });

  describe.each(EXCEPTIONS)('mid-stream %s', (member, name) => {
    it('is thrown from the IMWRS for-await loop after the first chunks', async () => {
      emulator.fault({ midStream: member, afterChunks: 2 });
      const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: JSON.stringify(CLAUDE_BODY) }));
      const texts: string[] = [];

      const error = await caught(
        (async () => {
          for await (const event of out.body ?? []) {
            const chunk = JSON.parse(new TextDecoder().decode(event.chunk?.bytes)) as Json;
            if (chunk.type === 'content_block_delta') texts.push(chunk.delta.text);
          }
        })(),
      );

      expect(error.name).toBe(name);
      expect(texts).toEqual(['Hello ', 'from ']);
      if (member === 'modelStreamErrorException') expect(error.originalStatusCode).toBe(500);
    });
  });

  // modelTimeoutException is a member of the IMWRS stream union only.
  describe.each(EXCEPTIONS.filter(([member]) => member !== 'modelTimeoutException'))('mid-stream %s on ConverseStream', (member, name) => {
    it('is thrown from the ConverseStream for-await loop', async () => {
      const { deltas, error } = await converseUntilThrown({ midStream: member, afterChunks: 1, operation: 'converse-stream' });

      expect(error.name).toBe(name);
      expect(deltas).toEqual(['Hello ']);
    });
  });

  it('sends an unmodeled error frame as a plain error named after its code', async () => {
    emulator.fault({ midStream: 'unmodeled', afterChunks: 0 });

    const error = await caught(converseEvents(client, CONVERSE));

    expect(error.name).toBe('InternalFailure');
  });

  it('sends a malformed IMWRS chunk in place and goes on with the stream', async () => {
    emulator.fault({ midStream: 'malformed', afterChunks: 2, operation: 'invoke-stream' });
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: JSON.stringify(CLAUDE_BODY) }));
    const chunks: string[] = [];
    for await (const event of out.body ?? []) chunks.push(new TextDecoder().decode(event.chunk?.bytes));

    const at = chunks.indexOf('{"type":"content_block_delta","delta":');
    expect(at).toBeGreaterThan(0);
    expect(() => JSON.parse(chunks[at] as string)).toThrow(SyntaxError);
    const rest = chunks.filter((_chunk, index) => index !== at).map((chunk) => JSON.parse(chunk) as Json);
    const texts = rest.filter((chunk) => chunk.type === 'content_block_delta').map((chunk) => chunk.delta.text as string);
    expect(texts.slice(0, 2)).toEqual(['Hello ', 'from ']);
    expect(JSON.parse(chunks[at - 1] as string)).toMatchObject({ delta: { text: 'from ' } });
    expect(rest.at(-1)).toHaveProperty(['amazon-bedrock-invocationMetrics']);
  });

  it('sends a ConverseStream event whose payload is not JSON, which the SDK cannot read', async () => {
    const { deltas, error } = await converseUntilThrown({ midStream: 'malformed', afterChunks: 1, operation: 'converse-stream' });

    expect(error).toBeInstanceOf(Error);
    expect(deltas).toEqual(['Hello ']);
  });

  it('ends a truncated stream cleanly, without the events still due', async () => {
    emulator.fault({ midStream: 'truncated', afterChunks: 1, operation: 'converse-stream' });

    const events = await converseEvents(client, CONVERSE);

    expect(events.map((event) => Object.keys(event)[0])).toEqual(['messageStart', 'contentBlockDelta']);
  });

  it.each(['h1', 'h2'] as const)('resets the %s stream abruptly', async (transport) => {
    const other = bedrockClient(emulator.url, transport);
    emulator.fault({ midStream: 'reset', afterChunks: 3 });

    await expect(invokeStreamChunks(other, CLAUDE, CLAUDE_BODY)).rejects.toBeDefined();
    other.destroy();
  });

  describe('validation like the real service', () => {
    it.each([
      ['an unknown model id', 'acme.unknown-model-v1', CLAUDE_BODY, 'The provided model identifier is invalid.'],
      ['Claude without anthropic_version', CLAUDE, { max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, 'anthropic_version'],
      [
        'Claude without max_tokens',
        CLAUDE,
        { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'x' }] },
        'max_tokens',
      ],
      ['Titan V2 with a bad dimension', 'amazon.titan-embed-text-v2:0', { inputText: 'x', dimensions: 300 }, 'dimensions'],
      ['Cohere embed without input_type', 'cohere.embed-english-v3', { texts: ['x'] }, 'input_type'],
      ['Cohere embed with 97 texts', 'cohere.embed-english-v3', { texts: Array(97).fill('x'), input_type: 'clustering' }, 'texts'],
      ['Llama without prompt', 'meta.llama3-8b-instruct-v1:0', { max_gen_len: 5 }, 'prompt'],
    ])('rejects %s', async (_, modelId, body, fragment) => {
      const error = await caught(invokeJson(client, modelId, body));

      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toContain(fragment);
    });

    it('rejects malformed JSON', async () => {
      const error = await caught(client.send(new InvokeModelCommand({ modelId: CLAUDE, body: '{"not json' })));

      expect(error.name).toBe('ValidationException');
    });

    it('rejects embedding models on the streaming route', async () => {
      const error = await caught(invokeStreamChunks(client, 'amazon.titan-embed-text-v1', { inputText: 'x' }));

      expect(error.name).toBe('ValidationException');
    });
  });

  it('answers unknown routes with a 404 UnknownOperationException', async () => {
    const response = await fetch(`${emulator.url}/async-invoke/x`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await response.json()).toEqual({ message: expect.stringContaining('Unknown operation') });
  });

  it('sends the error type header with the coral namespace', async () => {
    emulator.fault({ error: 'AccessDeniedException' });

    const response = await fetch(`${emulator.url}/model/${encodeURIComponent(CLAUDE)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(CLAUDE_BODY),
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
