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
      auth: { mode: 'open' },
      logContent: false,
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
    expect(config.auth).toEqual({ mode: 'keys', keys: ['a', 'b', 'c'], secretArn: undefined, cacheSeconds: 60 });
    expect(config.allowedOrigins).toEqual(['https://app.example']);
    expect(config.maxPoolConnections).toBe(8);
    expect(config.guardrail).toEqual({ id: 'gr-123', version: 'DRAFT' });
  });

  it('chooses the auth mode: IAM, keys, closed (keys required, none given) or open', () => {
    expect(loadConfig({ AUTH_MODE: 'iam', API_KEYS: 'a' }).auth).toEqual({ mode: 'iam' });
    expect(loadConfig({ AUTH_MODE: 'api-key', API_KEYS_SECRET_ARN: 'arn:x' }).auth).toMatchObject({ mode: 'keys', secretArn: 'arn:x' });
    expect(loadConfig({ AUTH_MODE: 'api-key' }).auth).toEqual({ mode: 'closed' });
    expect(loadConfig({}).auth).toEqual({ mode: 'open' });
    expect(() => loadConfig({ AUTH_MODE: 'none' })).toThrow(/AUTH_MODE/);
  });

  it('refuses open mode in Lambda, where it would serve anyone; every other mode starts there', () => {
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'bedrock-proxy' };
    expect(() => loadConfig(lambda)).toThrow(/AUTH_MODE: unset with no API keys, which would serve anyone in Lambda/);
    expect(() => loadConfig({ ...lambda, AUTH_MODE: '' })).toThrow(ConfigError);
    expect(loadConfig({ ...lambda, API_KEYS: 'k1' }).auth.mode).toBe('keys');
    expect(loadConfig({ ...lambda, API_KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:keys' }).auth.mode).toBe(
      'keys',
    );
    expect(loadConfig({ ...lambda, AUTH_MODE: 'iam' }).auth.mode).toBe('iam');
    expect(loadConfig({ ...lambda, AUTH_MODE: 'api-key' }).auth.mode).toBe('closed');
  });

  it('parses model aliases', () => {
    expect(
      loadConfig({ MODEL_ALIASES: 'gpt-4o=us.anthropic.claude-3-5-haiku-20241022-v1:0, small=amazon.nova-micro-v1:0' }).modelAliases,
    ).toEqual({
      'gpt-4o': 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      small: 'amazon.nova-micro-v1:0',
    });
    expect(() => loadConfig({ MODEL_ALIASES: 'nonsense' })).toThrow(/MODEL_ALIASES/);
    // A request's model cannot hold a space or an @, so such an alias could never be used.
    expect(() => loadConfig({ MODEL_ALIASES: 'gpt 4o=amazon.nova-micro-v1:0' })).toThrow(/MODEL_ALIASES.*gpt 4o/);
    expect(() => loadConfig({ MODEL_ALIASES: 'openai@mini=amazon.nova-micro-v1:0' })).toThrow(/MODEL_ALIASES/);
  });

  it('refuses an alias target that no request could name, naming the alias and its target', () => {
    // Each would pass at start and then fail every request that uses it with a 400 blaming the caller.
    expect(() => loadConfig({ MODEL_ALIASES: 'gpt=foo bar,x=a=b' })).toThrow(
      'Invalid configuration: MODEL_ALIASES: alias "gpt" target "foo bar" must hold only letters, digits and . _ : / -, with no . or .. between slashes; ' +
        'MODEL_ALIASES: alias "x" target "a=b" must hold only letters, digits and . _ : / -, with no . or .. between slashes',
    );
    expect(
      loadConfig({ MODEL_ALIASES: 'arn=arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0' }).modelAliases,
    ).toEqual({ arn: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0' });
  });

  it('refuses an alias of an alias and an alias defined twice, which a request would meet only at Bedrock', () => {
    expect(() => loadConfig({ MODEL_ALIASES: 'a=b,b=amazon.nova-lite-v1:0' })).toThrow(
      'Invalid configuration: MODEL_ALIASES: alias "a" target "b" is itself an alias; name a model',
    );
    expect(() => loadConfig({ MODEL_ALIASES: 'dup=amazon.nova-micro-v1:0,dup=amazon.nova-lite-v1:0' })).toThrow(
      'Invalid configuration: MODEL_ALIASES: alias "dup" is defined twice',
    );
    // An alias may still stand for a model another alias also stands for.
    expect(loadConfig({ MODEL_ALIASES: 'a=amazon.nova-micro-v1:0,b=amazon.nova-micro-v1:0' }).modelAliases).toEqual({
      a: 'amazon.nova-micro-v1:0',
      b: 'amazon.nova-micro-v1:0',
    });
  });

  it('refuses a default model or an ALLOWED_MODELS entry that no request could name', () => {
    for (const name of ['BEDROCK_MODEL_ID', 'BEDROCK_EMBED_MODEL_ID']) {
      expect(() => loadConfig({ [name]: 'not!a@model#id' })).toThrow(
        `Invalid configuration: ${name}: "not!a@model#id" must hold only letters, digits and . _ : / -, with no . or .. between slashes`,
      );
    }
    expect(() => loadConfig({ ALLOWED_MODELS: 'amazon.nova-micro-v1:0, meta@llama' })).toThrow(
      'Invalid configuration: ALLOWED_MODELS: "meta@llama" must hold only letters, digits and . _ : / -, with no . or .. between slashes',
    );
    expect(loadConfig({ ALLOWED_MODELS: 'amazon.nova-micro-v1:0,us.meta.llama3-1-8b-instruct-v1:0' }).allowedModels).toHaveLength(2);
  });

  it('reads a blank value as unset: the documented default, never 0 or an empty model id', () => {
    const config = loadConfig({
      DEADLINE_MARGIN_MS: '',
      EMBED_CACHE_MAX_BYTES: ' ',
      API_KEYS_CACHE_SECONDS: '',
      BEDROCK_MODEL_ID: ' ',
      AWS_REGION: '',
    });
    expect(config).toMatchObject({
      deadlineMarginMs: 2000,
      embedCacheMaxBytes: 32 * 1024 * 1024,
      region: 'us-east-1',
      defaultModel: 'anthropic.claude-3-sonnet-20240229-v1:0',
    });
    expect(loadConfig({ API_KEYS: 'a', API_KEYS_CACHE_SECONDS: '' }).auth).toMatchObject({ cacheSeconds: 60 });
    expect(loadConfig({ AUTH_MODE: '', LOG_CONTENT: ' ' })).toMatchObject({ auth: { mode: 'open' }, logContent: false });
    expect(loadConfig({ AUTH_MODE: ' iam ', LOG_CONTENT: ' true' })).toMatchObject({ auth: { mode: 'iam' }, logContent: true });
  });

  it('trims model ids and refuses one with a space inside, and numbers not in decimal digits', () => {
    expect(loadConfig({ BEDROCK_MODEL_ID: ' amazon.nova-micro-v1:0 ' }).defaultModel).toBe('amazon.nova-micro-v1:0');
    expect(() => loadConfig({ BEDROCK_MODEL_ID: 'amazon nova' })).toThrow(/BEDROCK_MODEL_ID/);
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: '0x10' })).toThrow(/MAX_POOL_CONNECTIONS/);
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: '1e2' })).toThrow(/MAX_POOL_CONNECTIONS/);
    expect(loadConfig({ MAX_POOL_CONNECTIONS: ' 8 ' }).maxPoolConnections).toBe(8);
  });

  it('refuses an origin a browser never sends (a path, a trailing slash, no scheme), as the stack does', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'http://localhost:5173, *' }).allowedOrigins).toEqual(['http://localhost:5173', '*']);
    // Written as a browser sends it in Origin, or it would never match: no default port, lower case.
    expect(loadConfig({ ALLOWED_ORIGINS: 'http://127.0.0.1:80,https://App.Example:443' }).allowedOrigins).toEqual([
      'http://127.0.0.1',
      'https://app.example',
    ]);
    for (const origin of ['http://localhost:5173/', 'localhost:5173', 'https://app.example/path']) {
      expect(() => loadConfig({ ALLOWED_ORIGINS: origin })).toThrow(/ALLOWED_ORIGINS/);
    }
  });

  it('pins the guardrail version to 1 unless told otherwise', () => {
    expect(loadConfig({ BEDROCK_GUARDRAIL_ID: 'gr-1' }).guardrail).toEqual({ id: 'gr-1', version: '1' });
  });

  it.each(['1 2', 'v1', '0', 'draft', '123456789'])('refuses a guardrail version Bedrock would refuse on every call: %s', (version) => {
    expect(() => loadConfig({ BEDROCK_GUARDRAIL_ID: 'gr-1', BEDROCK_GUARDRAIL_VERSION: version })).toThrow(
      /BEDROCK_GUARDRAIL_VERSION: must be a version number \(1–99999999\) or DRAFT/,
    );
    expect(loadConfig({ BEDROCK_GUARDRAIL_ID: 'gr-1', BEDROCK_GUARDRAIL_VERSION: '12345678' }).guardrail?.version).toBe('12345678');
  });

  it('refuses a MAX_BODY_BYTES above the Function URL limit (6 MB), where a larger body never arrives', () => {
    expect(loadConfig({ MAX_BODY_BYTES: String(6 * 1024 * 1024) }).maxBodyBytes).toBe(6 * 1024 * 1024);
    expect(() => loadConfig({ MAX_BODY_BYTES: String(6 * 1024 * 1024 + 1) })).toThrow(/MAX_BODY_BYTES/);
  });

  it.each([
    [128, 32 * 1024 * 1024],
    [512, 256 * 1024 * 1024],
    [10_240, 1024 * 1024 * 1024],
  ])('bounds EMBED_CACHE_MAX_BYTES by the function memory (%i MB: %i bytes), so a full cache cannot kill the instance', (memory, most) => {
    const env = { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory) };
    expect(loadConfig(env).embedCacheMaxBytes).toBe(32 * 1024 * 1024);
    expect(loadConfig({ ...env, EMBED_CACHE_MAX_BYTES: String(most) }).embedCacheMaxBytes).toBe(most);
    expect(() => loadConfig({ ...env, EMBED_CACHE_MAX_BYTES: String(most + 1) })).toThrow(/EMBED_CACHE_MAX_BYTES/);
  });

  it('does not bound EMBED_CACHE_MAX_BYTES outside Lambda, where no memory size is set', () => {
    expect(loadConfig({ EMBED_CACHE_MAX_BYTES: String(1024 * 1024 * 1024) }).embedCacheMaxBytes).toBe(1024 * 1024 * 1024);
  });

  it.each([
    ['MAX_RETRY_ATTEMPTS', 'maxRetryAttempts', 1, 10],
    ['DEADLINE_MARGIN_MS', 'deadlineMarginMs', 0, 60_000],
  ] as const)('takes %s from its minimum to its maximum and no further', (name, field, min, max) => {
    expect(loadConfig({ [name]: String(min) })[field]).toBe(min);
    expect(loadConfig({ [name]: String(max) })[field]).toBe(max);
    expect(() => loadConfig({ [name]: String(min - 1) })).toThrow(new RegExp(name));
    expect(() => loadConfig({ [name]: String(max + 1) })).toThrow(new RegExp(name));
  });

  // Every visible ASCII character but the list's comma, and the longest key a client may present.
  const printable = String.fromCharCode(...Array.from({ length: 0x7e - 0x20 }, (_, i) => 0x21 + i)).replace(',', '');
  it.each([
    ['longer than 512 characters (no presented key that long is ever compared)', 'K'.repeat(513)],
    ['not ASCII (a client sends it as UTF-8, Node reads header bytes as Latin-1)', 'clé-SECRET'],
    ['holding a space', 'sk SECRET'],
    ['holding a control character', 'sk\x7fSECRET'],
  ])('refuses an API key %s, naming it by position, never quoting it', (_name, bad) => {
    expect(loadConfig({ API_KEYS: `${printable},${'k'.repeat(512)}` }).auth).toMatchObject({ keys: [printable, 'k'.repeat(512)] });
    expect(() => loadConfig({ API_KEYS: `good-key,${bad}` })).toThrow(
      new ConfigError('Invalid configuration: API_KEYS: key 2 must be 1–512 characters of visible ASCII (no spaces or control characters)'),
    );
  });

  it('caches the key secret for at most an hour', () => {
    expect(loadConfig({ API_KEYS: 'a', API_KEYS_CACHE_SECONDS: '3600' }).auth).toMatchObject({ cacheSeconds: 3600 });
    expect(() => loadConfig({ API_KEYS: 'a', API_KEYS_CACHE_SECONDS: '3601' })).toThrow(/API_KEYS_CACHE_SECONDS/);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: 'lots', MAX_BODY_BYTES: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_POOL_CONNECTIONS: 'lots', MAX_BODY_BYTES: '-1' })).toThrow(/MAX_POOL_CONNECTIONS.*MAX_BODY_BYTES/);
  });
});
