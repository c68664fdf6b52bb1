import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthStack } from './helpers';

// The one test that runs esbuild (locally, never Docker); the others skip bundling.
describe('bundle', () => {
  it('is one minified ESM .mjs file with a source map and the AWS SDK inside', () => {
    const { app } = synthStack({}, { bundle: true });
    const assembly = app.synth();
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const dir = path.join(assembly.directory, assets[0] ?? '');
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);

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
    expect(statSync(path.join(dir, 'index.mjs')).size).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});
