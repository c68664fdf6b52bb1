import http from 'node:http';
import type { Emulator } from '../local/emulator';
import { API_KEY, messagesBody, portkeyBody } from './fixtures';
import { cpuMicros } from './procfs';
import { timedPost } from './timing';
import type { Worker } from './worker-client';

export interface CpuRow {
  readonly contender: string;
  readonly method: string;
  readonly requests: number;
  /** Requests of each phase's kind run first, not measured: V8 compiles the hot paths meanwhile. */
  readonly warmup: number;
  /** CPU µs per non-streamed request. */
  readonly perRequestUs: number;
  /** Of which system (kernel) time: on loopback, mostly the TCP exchange with the emulator. */
  readonly perRequestSystemUs: number;
  /** CPU µs per 50-chunk stream. */
  readonly perStreamUs: number;
  /** Marginal CPU µs per streamed chunk: (50-chunk stream − 1-chunk stream) / 49. */
  readonly perChunkUs: number;
  readonly errors: number;
}

interface Used {
  readonly cpuUs: number;
  readonly systemUs: number;
  readonly errors: number;
}

type Driver = (body: 'plain' | 'stream', count: number) => Promise<Used>;

/**
 * Three phases against one process: non-streamed, 50-chunk streams, 1-chunk streams. Each kind
 * is warmed up first, so the figures are those of a warm execution environment (JIT compiled),
 * not of V8 compiling the code; the compiler threads' CPU counts too.
 */
async function phases(emulator: Emulator, drive: Driver, count: number, warmup: number) {
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  await drive('plain', warmup);
  await drive('stream', warmup);
  const plain = await drive('plain', count);
  const stream50 = await drive('stream', count);
  emulator.configure({ answerChunks: 1 });
  await drive('stream', Math.ceil(warmup / 4));
  const stream1 = await drive('stream', count);
  emulator.reset();
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  return {
    warmup,
    perRequestUs: plain.cpuUs / count,
    perRequestSystemUs: plain.systemUs / count,
    perStreamUs: stream50.cpuUs / count,
    perChunkUs: (stream50.cpuUs - stream1.cpuUs) / count / 49,
    errors: plain.errors + stream50.errors + stream1.errors,
  };
}

/** Sequential HTTP requests; the server's CPU is read from procfs around them. */
function httpDriver(pid: number, url: URL, body: (stream: boolean) => string, headers: Record<string, string>): Driver {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return async (kind, count) => {
    let errors = 0;
    const before = cpuMicros(pid);
    for (let i = 0; i < count; i += 1) {
      const timing = await timedPost(agent, url, body(kind === 'stream'), headers).catch(() => undefined);
      if (timing?.status !== 200) errors += 1;
    }
    const after = cpuMicros(pid);
    const systemUs = after.system - before.system;
    return { cpuUs: after.user - before.user + systemUs, systemUs, errors };
  };
}

export async function measureCpu(
  emulator: Emulator,
  opts: {
    inProcess: Worker;
    sdkFloor: Worker;
    server: Worker;
    serverUrl: string;
    portkey?: { pid: number; url: string; headers: Record<string, string> };
    count: number;
    warmup: number;
  },
): Promise<CpuRow[]> {
  const rows: CpuRow[] = [];
  const inWorker =
    (worker: Worker): Driver =>
    async (kind, count) => {
      const result = await worker.run(messagesBody(kind === 'stream'), count);
      return { cpuUs: result.cpuMicros, systemUs: result.systemMicros, errors: result.errors };
    };
  rows.push({
    contender: 'in-process handler (production bundle), messages',
    method: 'process.cpuUsage() in the worker; emulator in the parent',
    requests: opts.count,
    ...(await phases(emulator, inWorker(opts.inProcess), opts.count, opts.warmup)),
  });
  rows.push({
    contender: 'SDK alone in the same harness (bench/entries/sdk-floor.ts)',
    method: 'process.cpuUsage() in the worker; emulator in the parent',
    requests: opts.count,
    ...(await phases(emulator, inWorker(opts.sdkFloor), opts.count, opts.warmup)),
  });
  const server = httpDriver(opts.server.pid, new URL('/chat', opts.serverUrl), messagesBody, { 'x-api-key': API_KEY });
  rows.push({
    contender: 'local server + handler (production bundle), messages',
    method: 'procfs utime+stime of the server process',
    requests: opts.count,
    ...(await phases(emulator, server, opts.count, opts.warmup)),
  });
  if (opts.portkey) {
    const portkey = httpDriver(opts.portkey.pid, new URL('/v1/chat/completions', opts.portkey.url), portkeyBody, opts.portkey.headers);
    rows.push({
      contender: 'Portkey gateway, chat completions',
      method: 'procfs utime+stime of the gateway process',
      requests: opts.count,
      ...(await phases(emulator, portkey, opts.count, opts.warmup)),
    });
  }
  return rows;
}
