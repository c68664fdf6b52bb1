import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider, fromEnvSigningName } from '../../lambda/bundle/env-credentials';
import { synthStack } from './helpers';

// The one test that runs esbuild (locally, never Docker); the others skip bundling.
describe('bundle', () => {
  it('is minified ESM: index.mjs with the AWS SDK inside, its chunks, and a source map for each', () => {
    const { app } = synthStack({}, { bundle: true });
    const assembly = app.synth();
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const dir = path.join(assembly.directory, assets[0] ?? '');
    expect(readdirSync(dir).sort()).toEqual(['chunks', 'index.mjs', 'index.mjs.map']);
    // The SDK's event-stream reader, which it imports dynamically, is a chunk of its own.
    const chunks = readdirSync(path.join(dir, 'chunks'));
    const scripts = chunks.filter((name) => name.endsWith('.mjs'));
    expect(scripts.length).toBeGreaterThan(0);
    expect(chunks.sort()).toEqual(scripts.flatMap((name) => [name, `${name}.map`]).sort());

    const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __bedrockProxyCreateRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).toContain('bedrock-runtime');
    const lines = code.split('\n').length;
    expect(code.length / lines).toBeGreaterThan(1000);

    const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith('fixtures/handler.ts'))).toBe(true);
    // lib/bundling.ts swaps the SDK's default credential chain for the Lambda environment alone.
    expect(map.sources.some((source) => source.endsWith('lambda/bundle/env-credentials.ts'))).toBe(true);
    const dropped = /credential-provider-(node|sso|ini|process|web-identity)|token-providers|nested-clients/;
    expect(map.sources.filter((source) => dropped.test(source))).toEqual([]);
    expect(statSync(path.join(dir, 'index.mjs')).size).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});

describe('the bundle credentials (lambda/bundle/env-credentials.ts)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the execution role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider()()).resolves.toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fails with a CredentialsProviderError when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });

  it('keeps what it read, as the real chain does: the SDK asks on every request', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const provider = defaultProvider();
    const first = await provider();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND');
    expect(await provider()).toBe(first);
    expect(await provider({ forceRefresh: true })).toMatchObject({ accessKeyId: 'AKIDSECOND' });
  });

  it('reads again when the credentials expire within five minutes', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 60 * 60_000).toISOString());
    const lasting = defaultProvider();
    const first = await lasting();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND');
    expect(await lasting()).toBe(first);

    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 4 * 60_000).toISOString());
    const expiring = defaultProvider();
    expect(await expiring()).toMatchObject({ accessKeyId: 'AKIDFIRST' });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND');
    expect(await expiring()).toMatchObject({ accessKeyId: 'AKIDSECOND' });
  });

  it('still takes a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK', async () => {
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key');
    await expect(fromEnvSigningName({ signingName: 'bedrock' })()).resolves.toEqual({ token: 'bedrock-api-key' });
  });
});
