import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FILE, esbuildOptions } from '../../lib/bundling';

/**
 * lambda/bundle/node-http-handler.js, the bundle's stand-in for `@smithy/node-http-handler`:
 * built with the Lambda bundle's own esbuild settings (`esbuildOptions()`; it re-exports the
 * package's own ES module by path, which only a bundler resolves), then used as the SDK's runtime
 * configs use it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const STAND_IN = path.join(ROOT, 'lambda/bundle/node-http-handler.js');
let outdir: string;
let standIn: {
  NodeHttpHandler: new (options?: object) => { handle: (...args: unknown[]) => unknown; destroy(): void };
  NodeHttp2Handler: { create(instanceOrOptions: unknown): unknown };
  streamCollector: unknown;
  DEFAULT_REQUEST_TIMEOUT: unknown;
};

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-proxy-bundle-http-'));
  await esbuild.build({ ...esbuildOptions({ projectRoot: ROOT, entry: STAND_IN, outdir }), logLevel: 'error' });
  standIn = await import(pathToFileURL(path.join(outdir, ENTRY_FILE)).href);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('the HTTP handler stand-in (lambda/bundle/node-http-handler.js)', () => {
  it("hands back the request handler a client was given, as the SDK HTTP/2 handler's create does", () => {
    const handler = new standIn.NodeHttpHandler({ httpsAgent: { keepAlive: true } });
    expect(standIn.NodeHttp2Handler.create(handler)).toBe(handler);
    handler.destroy();
  });

  it('refuses to build an HTTP/2 handler, which is not in the bundle', () => {
    expect(() => standIn.NodeHttp2Handler.create(undefined)).toThrow(/HTTP\/2 request handler is not in the Lambda bundle/);
    expect(() => standIn.NodeHttp2Handler.create({ requestTimeout: 1000 })).toThrow(/give the client a requestHandler/);
  });

  it('exports every name the package exports, the HTTP/1.1 handler and stream collector as they are', async () => {
    const real = await import('@smithy/node-http-handler');
    // Loaded here as CommonJS, the package also has the `default` Node adds to such a namespace.
    const names = Object.keys(real).filter((name) => name !== 'default');
    expect(Object.keys(standIn).sort()).toEqual(names.sort());
    expect(typeof standIn.NodeHttpHandler).toBe('function');
    expect(typeof standIn.streamCollector).toBe('function');
    expect(standIn.DEFAULT_REQUEST_TIMEOUT).toBe(real.DEFAULT_REQUEST_TIMEOUT);
  });

  it('re-exports the copy of the package the SDK clients resolve', () => {
    const require = createRequire(import.meta.url);
    const sdkDir = path.dirname(require.resolve('@aws-sdk/client-bedrock-runtime/package.json'));
    const packageJson = createRequire(path.join(sdkDir, 'package.json')).resolve('@smithy/node-http-handler/package.json');
    const source = readFileSync(STAND_IN, 'utf8');
    const target = /from '(\.\.\/\.\.\/node_modules\/@smithy\/node-http-handler)\/dist-es\/node-http-handler\.js'/.exec(source)?.[1];
    expect(target).toBeDefined();
    expect(path.resolve(path.dirname(STAND_IN), target ?? '')).toBe(path.dirname(packageJson));
  });
});
