import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { coldStartFiles, ENTRY_FILE, esbuildOptions } from '../../lib/bundling';
import { type Emulator, startEmulator } from '../../local/emulator';
import type { StreamingHandler } from '../../local/runtime/invoke';
import { type LocalServer, startLocalServer } from '../../local/server';
import { postJson } from '../support/http';

/**
 * The bundle `cdk deploy` uploads (lib/bundling.ts settings, the Lambda-only credentials module
 * inside), served as a Function URL serves it (`startLocalServer` and the runtime stand-in),
 * against an emulator that checks SigV4 signatures with the execution role's keys, as Bedrock
 * does: what the TypeScript source does in the other proxy tests, the minified artifact must do too.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = 'bundle-test-key';
let emulator: Emulator;
let server: LocalServer;
let outdir: string;
/** Every file of the bundle, concatenated; and the sources of the files a cold start reads. */
let code: string;
let coldSources: string[];
let laterSources: string[];

beforeAll(async () => {
  emulator = await startEmulator({ signingSecrets: { ASIABUNDLETEST: 'role-secret' } });
  outdir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-proxy-bundle-'));
  const { metafile } = await esbuild.build({
    ...esbuildOptions({ projectRoot: ROOT, entry: 'lambda/handler.ts', outdir }),
    metafile: true,
    logLevel: 'error',
  });
  const scripts = Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs'));
  code = scripts.map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
  const cold = new Set(coldStartFiles(metafile));
  const sources = (files: string[]) => files.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
  coldSources = sources(scripts.filter((file) => cold.has(file)));
  laterSources = sources(scripts.filter((file) => !cold.has(file)));
  // What Lambda puts in the environment, then a cold start: the bundle reads it on import.
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', emulator.url);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIABUNDLETEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  vi.stubEnv('API_KEYS', KEY);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  const { handler } = (await import(pathToFileURL(path.join(outdir, ENTRY_FILE)).href)) as { handler: StreamingHandler };
  server = await startLocalServer({ handler, port: 0 });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  // The folder first: if the build or the import failed, there is no server to close.
  rmSync(outdir, { recursive: true, force: true });
  await server?.close();
  await emulator.close();
});

const post = async (body: unknown) => {
  const response = await postJson(`${server.url}/chat`, body, { 'x-api-key': KEY });
  return { status: response.status, cache: response.headers.get('x-cache'), body: await response.text() };
};

describe('the production bundle', () => {
  it('imports no node:http as an ES module (on Node 24 that loads undici during the cold start)', () => {
    // lambda/bedrock-client.ts says why; the SDK's own `import("node:http")` runs only for an http:// endpoint.
    expect(code).toContain('node:https');
    expect(code).not.toMatch(/\bfrom\s*["']node:http["']/);
  });

  it('holds no HTTP/2 client, so node:http2 is never loaded (lambda/bundle/node-http-handler.js)', () => {
    expect(code).not.toContain('node:http2');
  });

  it('leaves the pages, /docs, /v1/chat/completions and the LRU library out of what a cold start reads, in chunks read on first use', () => {
    const later = [
      /lambda\/playground\/(page|script|style)\.ts$/,
      /lambda\/docs\//,
      /lambda\/routes\/openai-chat-completions\.ts$/,
      /lambda\/openai\/(chat-schema|chunks|completion|to-converse|tools|reasoning|sse)\.ts$/,
      /node_modules\/lru-cache\//,
    ];
    for (const pattern of later) {
      expect(coldSources.filter((source) => pattern.test(source))).toEqual([]);
      expect(laterSources.some((source) => pattern.test(source))).toBe(true);
    }
    expect(coldSources).toContain('lambda/handler.ts');
  });

  it('serves the playground, /docs and /openapi.json from their chunks', async () => {
    for (const [page, type] of [
      ['/', 'text/html'],
      ['/playground.js', 'text/javascript'],
      ['/playground.css', 'text/css'],
      ['/docs', 'text/html'],
      ['/openapi.json', 'application/json'],
    ] as const) {
      const response = await fetch(`${server.url}${page}`);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type'), page).toContain(type);
      expect((await response.text()).length, page).toBeGreaterThan(1000);
    }
  });

  it('answers /chat and embeds once per text, signing each Bedrock call as Bedrock checks it', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const plain = await post({ model: 'amazon.nova-micro-v1:0', messages });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body)).toMatchObject({ answer: 'Hello from the Bedrock emulator. You said: hi', stop_reason: 'end_turn' });

    const streamed = await post({ model: 'amazon.nova-micro-v1:0', messages, stream: true });
    expect(streamed.status).toBe(200);
    expect(streamed.body.trim().split('\n').length).toBeGreaterThan(1);

    const embedded = await post({ mode: 'embed', text: 'hi' });
    expect(embedded).toMatchObject({ status: 200, cache: 'miss' });
    // The embedding cache's LRU library comes from its chunk; the second answer comes from it.
    const again = await post({ mode: 'embed', text: 'hi' });
    expect(again).toMatchObject({ status: 200, cache: 'hit' });
    expect(JSON.parse(again.body).embedding).toEqual(JSON.parse(embedded.body).embedding);

    // /v1/chat/completions runs from its chunk, streamed or not.
    const completion = await postJson(
      `${server.url}/v1/chat/completions`,
      { model: 'amazon.nova-micro-v1:0', messages },
      { 'x-api-key': KEY },
    );
    expect(completion.status).toBe(200);
    expect(await completion.json()).toMatchObject({ choices: [{ message: { content: 'Hello from the Bedrock emulator. You said: hi' } }] });
    const events = await postJson(
      `${server.url}/v1/chat/completions`,
      { model: 'amazon.nova-micro-v1:0', messages, stream: true },
      { 'x-api-key': KEY },
    );
    expect(events.status).toBe(200);
    expect((await events.text()).trim().endsWith('data: [DONE]')).toBe(true);

    const signed = emulator.requests.map((request) => request.headers.authorization ?? '');
    expect(signed).toHaveLength(5);
    for (const authorization of signed) {
      expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIABUNDLETEST\/\d{8}\/eu-west-1\/bedrock\/aws4_request, /);
    }
  });
});
