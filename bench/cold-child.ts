/**
 * One cold start: a fresh process imports the production bundle (constructing its client,
 * config and Middy chain at module scope, as Lambda's init phase does) and serves one
 * non-streamed request in-process against the emulator in the parent. Bundled by bench/build.ts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { installAwsLambdaGlobal } from '../local/runtime/awslambda';
import type { StreamingHandler } from '../local/runtime/invoke';
import { messagesBody } from './fixtures';
import { invokeTimed } from './in-process';
import { failed } from './timing';

installAwsLambdaGlobal();
const t0 = performance.now();
const { handler } = (await import(pathToFileURL(process.argv[2] ?? '').href)) as { handler: StreamingHandler };
const importMs = performance.now() - t0;
const timing = await invokeTimed(handler, messagesBody(false));
process.stdout.write(`${JSON.stringify({ importMs, firstRequestMs: timing.totalMs, status: timing.status })}\n`);
// Kept-alive sockets would hold the process open; Lambda freezes it instead.
process.exit(failed(timing) ? 1 : 0);
