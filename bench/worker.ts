/**
 * A fresh Node process holding only the production bundle's handler (plus the runtime stand-in),
 * so its CPU time and memory are the handler's alone; the emulator runs in the parent. Bundled by
 * bench/build.ts and started by bench/worker-client.ts; commands arrive over IPC.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { installAwsLambdaGlobal } from '../local/runtime/awslambda';
import type { StreamingHandler } from '../local/runtime/invoke';
import { startLocalServer } from '../local/server';
import { invokeTimed } from './in-process';
import { memoryMB } from './procfs';
import { failed } from './timing';

export type WorkerCommand =
  | { readonly cmd: 'run'; readonly body: string; readonly count: number; readonly concurrency: number }
  | { readonly cmd: 'serve' }
  | { readonly cmd: 'memory' }
  | { readonly cmd: 'reset-peak' }
  | { readonly cmd: 'exit' };

export interface RunResult {
  readonly cpuMicros: number;
  /** The part of cpuMicros spent in the kernel (on loopback, mostly the TCP exchange with the emulator). */
  readonly systemMicros: number;
  readonly wallMs: number;
  readonly errors: number;
  readonly peakRssMB: number;
}

const send = (message: unknown) => process.send?.(message);

installAwsLambdaGlobal();
const bundle = process.argv[2] ?? '';
const t0 = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: StreamingHandler };
send({ type: 'ready', importMs: performance.now() - t0 });

/** `count` invocations, `concurrency` at a time; RSS is sampled while several run at once. */
async function run(body: string, count: number, concurrency: number): Promise<RunResult> {
  let peak = memoryMB('self').rss;
  const sampler =
    concurrency > 1
      ? setInterval(() => {
          peak = Math.max(peak, memoryMB('self').rss);
        }, 5)
      : undefined;
  let errors = 0;
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const lane = async () => {
    while (next < count) {
      next += 1;
      if (failed(await invokeTimed(handler, body).catch(() => undefined))) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  return {
    cpuMicros: used.user + used.system,
    systemMicros: used.system,
    wallMs,
    errors,
    peakRssMB: Math.max(peak, memoryMB('self').peak),
  };
}

process.on('message', async (message: WorkerCommand) => {
  // A normal exit, so that `--cpu-prof` writes its profile.
  if (message.cmd === 'exit') process.exit(0);
  if (message.cmd === 'run') send({ type: 'result', ...(await run(message.body, message.count, message.concurrency)) });
  if (message.cmd === 'serve') {
    const server = await startLocalServer({ handler, port: 0 });
    send({ type: 'serving', url: server.url });
  }
  if (message.cmd === 'memory') send({ type: 'memory', ...memoryMB('self') });
  if (message.cmd === 'reset-peak') {
    // Linux: writing 5 to clear_refs resets VmHWM (the peak RSS) to the current RSS.
    writeFileSync('/proc/self/clear_refs', '5');
    send({ type: 'memory', ...memoryMB('self') });
  }
});
