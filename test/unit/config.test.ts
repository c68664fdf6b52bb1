import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lambda/config';

describe('loadConfig', () => {
  it('applies the original proxy defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      region: 'us-east-1',
      defaultModel: 'anthropic.claude-3-sonnet-20240229-v1:0',
      defaultEmbedModel: 'amazon.titan-embed-text-v2:0',
      guardrail: undefined,
      maxPoolConnections: 50,
      maxRetryAttempts: 5,
      apiKeys: [],
    });
  });

  it('parses lists, numbers and the guardrail', () => {
    const config = loadConfig({
      API_KEYS: ' a, b ,,c',
      ALLOWED_ORIGINS: 'https://app.example',
      MAX_POOL_CONNECTIONS: '8',
      BEDROCK_GUARDRAIL_ID: 'gr-123',
      BEDROCK_GUARDRAIL_VERSION: 'DRAFT',
    });
    expect(config.apiKeys).toEqual(['a', 'b', 'c']);
    expect(config.allowedOrigins).toEqual(['https://app.example']);
    expect(config.maxPoolConnections).toBe(8);
    expect(config.guardrail).toEqual({ id: 'gr-123', version: 'DRAFT' });
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: 'lots', MAX_BODY_BYTES: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: 'lots', MAX_BODY_BYTES: '-1' })).toThrow(
      /MAX_POOL_CONNECTIONS.*MAX_BODY_BYTES/,
    );
  });
});
