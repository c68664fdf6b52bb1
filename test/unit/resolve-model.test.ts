import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config';
import { resolveModel } from '../../lambda/models/resolve';

describe('resolveModel', () => {
  const config = loadConfig({
    BEDROCK_MODEL_ID: 'fast',
    MODEL_ALIASES: 'fast=amazon.nova-micro-v1:0',
    ALLOWED_MODELS: 'anthropic.claude-3-haiku-20240307-v1:0',
  });

  it('allows a default that is an alias, named or not, by what it stands for', () => {
    expect(resolveModel(config, undefined, config.defaultModel)).toBe('amazon.nova-micro-v1:0');
    expect(resolveModel(config, 'fast', config.defaultModel)).toBe('amazon.nova-micro-v1:0');
    expect(resolveModel(config, 'amazon.nova-micro-v1:0', config.defaultModel)).toBe('amazon.nova-micro-v1:0');
  });

  it("allows either default for either task: the other task's default is the route's 400, not a 403", () => {
    // As a chat model, the embedding default; as an embedding model, the chat default (an alias).
    expect(resolveModel(config, config.defaultEmbedModel, config.defaultModel)).toBe('amazon.titan-embed-text-v2:0');
    expect(resolveModel(config, 'fast', config.defaultEmbedModel)).toBe('amazon.nova-micro-v1:0');
  });

  it('still refuses a model outside the list that is not the default', () => {
    expect(() => resolveModel(config, 'meta.llama3-1-8b-instruct-v1:0', config.defaultModel)).toThrow(
      expect.objectContaining({ statusCode: 403, details: expect.objectContaining({ code: 'model_not_allowed' }) }),
    );
  });

  it('allows an alias that ALLOWED_MODELS names, and an alias of a model it names', () => {
    const listed = loadConfig({
      MODEL_ALIASES: 'fast=amazon.nova-micro-v1:0,haiku=anthropic.claude-3-haiku-20240307-v1:0',
      ALLOWED_MODELS: 'fast,anthropic.claude-3-haiku-20240307-v1:0',
    });
    expect(resolveModel(listed, 'fast', listed.defaultModel)).toBe('amazon.nova-micro-v1:0');
    expect(resolveModel(listed, 'haiku', listed.defaultModel)).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    // Naming the alias allows the alias, not its model under its own id.
    expect(() => resolveModel(listed, 'amazon.nova-micro-v1:0', listed.defaultModel)).toThrow(expect.objectContaining({ statusCode: 403 }));
  });

  it('reads only aliases that were configured, never an Object.prototype member ("constructor")', () => {
    const open = loadConfig({ MODEL_ALIASES: 'fast=amazon.nova-micro-v1:0' });
    expect(resolveModel(open, 'constructor', open.defaultModel)).toBe('constructor');
    expect(resolveModel(open, 'toString', open.defaultModel)).toBe('toString');
  });
});
