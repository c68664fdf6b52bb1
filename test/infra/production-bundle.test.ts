import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { esbuildOptions } from '../../lib/bundling';
import { type Emulator, startEmulator } from '../../local/emulator';
import { collectingSink } from '../../local/runtime/collect';
import { lambdaContext } from '../../local/runtime/event';
import { invokeStreaming, type StreamingHandler } from '../../local/runtime/invoke';

/**
 * The bundle `cdk deploy` uploads (lib/bundling.ts settings, the Lambda-only credentials module
 * inside), run under the runtime stand-in against an emulator that checks SigV4 signatures with
 * the execution role's keys, as Bedrock does: what the TypeScript source does in the other proxy
 * tests, the minified artifact must do too.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = 'bundle-test-key';
let emulator: Emulator;
let handler: StreamingHandler;
let outdir: string;

beforeAll(async () => {
  emulator = await startEmulator({ signingSecrets: { ASIABUNDLETEST: 'role-secret' } });
  outdir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-proxy-bundle-'));
  const options = esbuildOptions({ projectRoot: ROOT, entry: 'lambda/handler.ts', outdir });
  await esbuild.build({ ...options, logLevel: 'error' });
  // What Lambda puts in the environment, then a cold start: the bundle reads it on import.
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', emulator.url);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIABUNDLETEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  vi.stubEnv('API_KEYS', KEY);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = (await import(pathToFileURL(options.outfile ?? '').href)) as { handler: StreamingHandler });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
  rmSync(outdir, { recursive: true, force: true });
});

async function post(body: unknown) {
  const text = JSON.stringify(body);
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/chat',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, host: 'abc.lambda-url.eu-west-1.on.aws' },
    requestContext: { http: { method: 'POST', path: '/chat', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' }, requestId: 'r' },
    body: text,
    isBase64Encoded: false,
  };
  const sink = collectingSink();
  await invokeStreaming(handler, event, lambdaContext(30_000), sink);
  const { bytes } = await sink.done;
  const at = bytes.indexOf(Buffer.alloc(8));
  return { prelude: JSON.parse(bytes.subarray(0, at).toString()) as { statusCode: number }, body: bytes.subarray(at + 8).toString() };
}

describe('the production bundle', () => {
  it('answers /chat, signing each Bedrock call as Bedrock checks it', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const plain = await post({ model: 'amazon.nova-micro-v1:0', messages });
    expect(plain.prelude.statusCode).toBe(200);
    expect(JSON.parse(plain.body)).toMatchObject({ answer: 'Hello from the Bedrock emulator. You said: hi', stop_reason: 'end_turn' });

    const streamed = await post({ model: 'amazon.nova-micro-v1:0', messages, stream: true });
    expect(streamed.prelude.statusCode).toBe(200);
    expect(streamed.body.trim().split('\n').length).toBeGreaterThan(1);

    const embedded = await post({ mode: 'embed', text: 'hi' });
    expect(embedded.prelude.statusCode).toBe(200);

    const signed = emulator.requests.map((request) => request.headers.authorization ?? '');
    expect(signed).toHaveLength(3);
    for (const authorization of signed) {
      expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIABUNDLETEST\/\d{8}\/eu-west-1\/bedrock\/aws4_request, /);
    }
  });
});
