/**
 * Runs the production bundle under AWS's real Lambda Node.js runtime interface client
 * (`aws-lambda-ric`, the code the nodejs24.x runtime runs) against a local Runtime API, to show
 * that the bundle we deploy works there and not only under our stand-in (local/runtime).
 *
 * Not part of `npm test`: aws-lambda-ric is a native build (it compiles libcurl, ~3 minutes).
 * It runs the RIC with the `node` that runs this script. Usage:
 *   mkdir -p /tmp/ric && (cd /tmp/ric && npm init -y && npm install aws-lambda-ric@4)
 *   RIC_DIR=/tmp/ric npx tsx scripts/ric-check.ts
 * On the nodejs24.x runtime's Node major, put a Node 24 first on PATH for both the install (or an
 * `npm rebuild` in RIC_DIR) and the run; BENCHMARKS.md says where one came from here.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { esbuildOptions } from '../lib/bundling';
import { startEmulator } from '../local/emulator';
import { PRELUDE_CONTENT_TYPE } from '../local/runtime/awslambda';
import { inMemoryEvent } from '../local/runtime/event';
import { type Prelude, splitCollected } from '../local/runtime/prelude';

const ricDir = process.env.RIC_DIR ?? '/tmp/ric';
const root = path.resolve(import.meta.dirname, '..');
const bundleDir = path.join(os.tmpdir(), 'bedrock-proxy-ric-check');
await esbuild.build({ ...esbuildOptions({ projectRoot: root, entry: 'lambda/handler.ts', outdir: bundleDir }), logLevel: 'error' });

interface Invocation {
  readonly id: string;
  readonly event: unknown;
  readonly done: (result: { prelude?: Prelude; body: string; chunks: { at: number; text: string }[]; errorType?: string }) => void;
}

const queue: Invocation[] = [];
let waiting: ((invocation: Invocation) => void) | undefined;
const pending = new Map<string, Invocation>();

/** The Runtime API, as far as the runtime interface client uses it. */
const runtimeApi = http.createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.endsWith('/runtime/invocation/next')) {
    const send = (invocation: Invocation) => {
      pending.set(invocation.id, invocation);
      res.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': invocation.id,
        'lambda-runtime-deadline-ms': String(Date.now() + 300_000),
        'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:bedrock-proxy',
      });
      res.end(JSON.stringify(invocation.event));
    };
    const next = queue.shift();
    if (next) send(next);
    else waiting = send;
    return;
  }
  const match = /\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
  const invocation = match?.[1] ? pending.get(decodeURIComponent(match[1])) : undefined;
  if (!invocation) {
    // init/error or unknown: print and keep going.
    req.on('data', (chunk: Buffer) => console.error(`runtime API ${url}: ${chunk.toString()}`));
    req.on('end', () => res.writeHead(202).end());
    return;
  }
  const start = performance.now();
  const chunks: { at: number; text: string }[] = [];
  let bytes = Buffer.alloc(0);
  req.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    chunks.push({ at: performance.now() - start, text: chunk.toString('utf8') });
  });
  req.on('end', () => {
    res.writeHead(202).end();
    const split = req.headers['content-type'] === PRELUDE_CONTENT_TYPE ? splitCollected(bytes) : undefined;
    const { prelude, body } = split?.prelude ? split : { prelude: undefined, body: bytes };
    invocation.done({
      prelude,
      body: body.toString('utf8'),
      chunks,
      errorType:
        (req.trailers['lambda-runtime-function-error-type'] as string | undefined) ?? (match?.[2] === 'error' ? 'error' : undefined),
    });
  });
});
await new Promise<void>((resolve) => runtimeApi.listen(0, '127.0.0.1', resolve));
const apiPort = (runtimeApi.address() as AddressInfo).port;

const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
const ric = spawn(process.execPath, [path.join(ricDir, 'node_modules/aws-lambda-ric/index.mjs')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    PATH: process.env.PATH,
    AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${apiPort}`,
    _HANDLER: 'index.handler',
    LAMBDA_TASK_ROOT: bundleDir,
    AWS_LAMBDA_FUNCTION_NAME: 'bedrock-proxy',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/bedrock-proxy',
    AWS_LAMBDA_LOG_STREAM_NAME: 'ric-check',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'emulator',
    AWS_SECRET_ACCESS_KEY: 'emulator',
    AWS_SESSION_TOKEN: 'emulator',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    API_KEYS: 'ric-key',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  },
});

let counter = 0;
const HOST = 'example.lambda-url.us-east-1.on.aws';
/** Queues for the RIC the event a Function URL would send (the local server's builder); resolves with its answer. */
function invoke(method: string, rawPath: string, body?: unknown) {
  const id = `req-${++counter}`;
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { authorization: 'Bearer ric-key', 'user-agent': 'ric-check' };
  const event = inMemoryEvent(method, new URL(rawPath, `https://${HOST}`), headers, text, id);
  return new Promise<Parameters<Invocation['done']>[0]>((done) => {
    const invocation = { id, event, done };
    if (waiting) {
      const send = waiting;
      waiting = undefined;
      send(invocation);
    } else queue.push(invocation);
  });
}

const results: [string, boolean, string][] = [];
const check = (name: string, ok: boolean, detail: string) => {
  results.push([name, ok, detail]);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
};
const chat = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'real runtime' }] };

const health = await invoke('GET', '/health');
check('GET /health', health.prelude?.statusCode === 200, `${JSON.stringify(health.prelude)} ${health.body}`);

const preflight = await invoke('OPTIONS', '/chat');
check(
  'an empty body still sends its status',
  preflight.prelude?.statusCode === 204 && preflight.body === '',
  JSON.stringify(preflight.prelude),
);

const openapi = await invoke('GET', '/openapi.json');
const document = (() => {
  try {
    return JSON.parse(openapi.body) as { openapi?: string };
  } catch {
    return undefined;
  }
})();
check(
  'a body longer than 16 KB arrives whole',
  openapi.prelude?.statusCode === 200 && openapi.body.length > 16_384 && document?.openapi !== undefined,
  `${openapi.body.length} bytes in ${openapi.chunks.length} HTTP chunks`,
);

// The playground and the embedding cache's LRU library are chunks of the bundle, read on first use.
const playground = await invoke('GET', '/');
check(
  'the playground, from its chunk',
  playground.prelude?.statusCode === 200 && playground.body.includes('<title>bedrock-proxy playground</title>'),
  `${playground.body.length} bytes`,
);

const xCache = (result: { prelude?: Prelude }) => result.prelude?.headers['x-cache'];
const embedMiss = await invoke('POST', '/chat', { mode: 'embed', text: 'real runtime' });
const embedHit = await invoke('POST', '/chat', { mode: 'embed', text: 'real runtime' });
check(
  'the embedding cache, its LRU library from its chunk',
  xCache(embedMiss) === 'miss' && xCache(embedHit) === 'hit',
  `x-cache: ${xCache(embedMiss)}, then ${xCache(embedHit)}`,
);

const long = await invoke('POST', '/chat', { ...chat, messages: [{ role: 'user', content: `${'x'.repeat(20_000)} end` }], stream: true });
check(
  'a streamed line longer than 16 KB does not stall the stream',
  long.body.includes('x'.repeat(20_000)) && long.body.endsWith('"stop_reason":"end_turn"}\n'),
  `${long.body.length} bytes in ${long.chunks.length} HTTP chunks`,
);

const bad = await invoke('POST', '/chat', '{not json');
check('malformed JSON', bad.prelude?.statusCode === 400, bad.body);

const gate = emulator.gate({ initial: 1 });
const streamed = invoke('POST', '/chat', { ...chat, stream: true });
await gate.waitForHold();
// Give the runtime time to forward the first line while Bedrock still holds the rest.
await new Promise((resolve) => setTimeout(resolve, 500));
gate.release();
const stream = await streamed;
const firstLineAt = stream.chunks.find((chunk) => chunk.text.includes('"is_final":false'))?.at ?? Number.NaN;
const lastAt = stream.chunks.at(-1)?.at ?? Number.NaN;
check(
  'streamed /chat reaches the Runtime API before Bedrock finishes',
  lastAt - firstLineAt >= 400 && stream.body.endsWith('"stop_reason":"end_turn"}\n'),
  `first line at ${firstLineAt.toFixed(1)} ms, last bytes at ${lastAt.toFixed(1)} ms (Bedrock held for 500 ms); ${stream.chunks.length} HTTP chunks`,
);

emulator.fault({ midStream: 'modelStreamErrorException', afterChunks: 2 });
const failed = await invoke('POST', '/chat', { ...chat, stream: true });
check(
  'mid-stream Bedrock failure is in-band',
  failed.body.trimEnd().split('\n').at(-1)?.includes('"error"') === true && !failed.errorType,
  failed.body.trimEnd().split('\n').at(-1) ?? '',
);

const after = await invoke('POST', '/v1/chat/completions', { ...chat, stream: true });
check('the execution environment survives and serves SSE', after.body.endsWith('data: [DONE]\n\n'), `${after.body.length} bytes`);

ric.kill();
runtimeApi.close();
runtimeApi.closeAllConnections();
await emulator.close();
const failures = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
