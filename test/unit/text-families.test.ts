import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBody as readFamilyBody, readChunk as readFamilyChunk, textFamily } from '../../lambda/models/text-families';

const readBody = (model: string, value: Record<string, unknown>) => readFamilyBody(textFamily(model), value);
const readChunk = (model: string, value: Record<string, unknown>) => readFamilyChunk(textFamily(model), value);

const fixture = (name: string) => readFileSync(`test/fixtures/bedrock/${name}`, 'utf8');
const body = (name: string) => JSON.parse(fixture(`${name}.invoke.json`)) as Record<string, unknown>;
const chunks = (name: string) =>
  fixture(`${name}.stream.jsonl`)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Recorded bodies per family, the model id that selects the family, and what a reader must find. */
const CASES = [
  {
    fixture: 'anthropic',
    model: 'us.anthropic.claude-3-haiku-20240307-v1:0',
    text: 'Hello! How can I help you today?',
    stop: 'end_turn',
    usage: [10, 12],
  },
  { fixture: 'nova', model: 'amazon.nova-lite-v1:0', text: 'Hello! How can I help you today?', stop: 'end_turn', usage: [5, 10] },
  { fixture: 'titan-text', model: 'amazon.titan-text-express-v1', text: 'Hello! How can I help you today?', stop: 'FINISH', usage: [5, 9] },
  { fixture: 'llama', model: 'meta.llama3-1-8b-instruct-v1:0', text: 'Hello! How can I help you today?', stop: 'stop', usage: [14, 10] },
  { fixture: 'mistral-text', model: 'mistral.mistral-7b-instruct-v0:2', text: ' Hello! How can I help you today?', stop: 'stop' },
  { fixture: 'mistral-chat', model: 'mistral.mistral-large-2407-v1:0', text: 'Hello! How can I help you today?', stop: 'stop' },
  { fixture: 'cohere-command-r', model: 'cohere.command-r-plus-v1:0', text: 'Hello! How can I help you today?', stop: 'COMPLETE' },
  { fixture: 'deepseek', model: 'us.deepseek.r1-v1:0', text: 'Hello! How can I help you today?', stop: 'stop' },
  { fixture: 'openai-gpt-oss', model: 'openai.gpt-oss-20b-1:0', text: 'Hello! How can I help you today?', stop: 'stop', usage: [12, 10] },
] as const;

const GENERIC_MODEL = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3';

describe('readBody: a whole InvokeModel body, per family', () => {
  it.each(CASES)('$fixture', ({ fixture, model, text, stop, ...rest }) => {
    const part = readBody(model, body(fixture));
    expect(part.text).toBe(text);
    expect(part.stopReason).toBe(stop);
    if ('usage' in rest) expect([part.inputTokens, part.outputTokens]).toEqual(rest.usage);
  });

  it.each(CASES)('$fixture, through the generic extraction (unknown model)', ({ fixture, text }) => {
    expect(readBody(GENERIC_MODEL, body(fixture)).text).toBe(text);
  });
});

describe('readChunk: a recorded stream, per family', () => {
  it.each(CASES)('$fixture', ({ fixture, model, text, stop }) => {
    const parts = chunks(fixture).map((chunk) => readChunk(model, chunk));
    expect(parts.map((part) => part.text).join('')).toBe(text);
    expect(
      parts
        .map((part) => part.stopReason)
        .filter(Boolean)
        .at(-1),
    ).toBe(stop);
    // Every family's last chunk but Cohere's carries Bedrock's invocation metrics.
    const last = parts.at(-1);
    if (fixture !== 'cohere-command-r') expect(last?.outputTokens).toBeGreaterThan(0);
  });

  it.each(CASES)('$fixture, through the generic extraction (unknown model)', ({ fixture, text }) => {
    expect(
      chunks(fixture)
        .map((chunk) => readChunk(GENERIC_MODEL, chunk).text)
        .join(''),
    ).toBe(text);
  });
});

describe('Bedrock fields on any family', () => {
  it('a guardrail intervention becomes the stop reason', () => {
    const intervened = { ...body('anthropic'), 'amazon-bedrock-guardrailAction': 'INTERVENED' };
    expect(readBody('anthropic.claude-3-haiku-20240307-v1:0', intervened).stopReason).toBe('guardrail_intervened');
  });

  it('token counts sent as numeric strings are counted (a recorded Titan stream, newrelic/node-newrelic amazon.js)', () => {
    const titan = 'amazon.titan-text-express-v1';
    expect(readChunk(titan, { outputText: '42', index: 0, totalOutputTextTokenCount: null, inputTextTokenCount: '14' })).toMatchObject({
      text: '42',
      inputTokens: 14,
    });
    const last = {
      outputText: '',
      index: 0,
      completionReason: 'endoftext',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: '14', outputTokenCount: '9', invocationLatency: 3879, firstByteLatency: 3291 },
    };
    expect(readChunk(titan, last)).toMatchObject({ inputTokens: 14, outputTokens: 9 });
    expect(
      readChunk(titan, { ...last, 'amazon-bedrock-invocationMetrics': { inputTokenCount: 'n/a', outputTokenCount: '' } }),
    ).toMatchObject({
      inputTokens: undefined,
      outputTokens: undefined,
    });
  });

  it('a body no reader understands yields empty text, not an error', () => {
    expect(readBody(GENERIC_MODEL, { something: 'else' })).toMatchObject({ text: '' });
  });
});
