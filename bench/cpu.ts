import http from 'node:http';
import type { Emulator } from '../local/emulator';
import { API_KEY, MAX_TOKENS, messagesBody, portkeyBody } from './fixtures';
import { roundOrder } from './latency';
import { cpuMicros } from './procfs';
import { paired, summarize } from './stats';
import { failed, timedPost } from './timing';
import type { Worker } from './worker-client';

/**
 * The per-chunk figure is the difference between a long stream and a 1-chunk stream, divided by
 * the chunks between them: over 49 chunks a slice's per-stream noise moved it by ±10 µs; over
 * 249 the slices spread 2.4 to 4.6 times less (BENCHMARKS.md, "CPU per chunk"). 250 stays under
 * the requests' `max_tokens`, so the emulator sends every chunk.
 */
export const LONG_STREAM_CHUNKS = 250;
if (LONG_STREAM_CHUNKS > MAX_TOKENS) throw new Error('LONG_STREAM_CHUNKS must not exceed MAX_TOKENS');

export interface CpuRow {
  readonly contender: string;
  readonly method: string;
  /** Requests of each kind in each slice, and the number of slices. */
  readonly requests: number;
  readonly slices: number;
  /** Requests of each kind run first, not measured: V8 compiles the hot paths meanwhile. */
  readonly warmup: number;
  /** CPU µs per non-streamed request (median over slices). */
  readonly perRequestUs: number;
  /** Of which system (kernel) time: on loopback, mostly the TCP exchange with the emulator. */
  readonly perRequestSystemUs: number;
  /** The long stream's chunks (LONG_STREAM_CHUNKS). Results written before 2d981cb lack it: 50. */
  readonly longStreamChunks?: number;
  /** CPU µs per long stream. */
  readonly perStreamUs: number;
  /** Marginal CPU µs per streamed chunk: (long stream − 1-chunk stream) / (LONG_STREAM_CHUNKS − 1). */
  readonly perChunkUs: number;
  /** The two targets' figures slice by slice, in the order the slices ran: their range is the noise. */
  readonly perRequestBySliceUs: readonly number[];
  readonly perChunkBySliceUs: readonly number[];
  readonly errors: number;
}

interface Used {
  readonly cpuUs: number;
  readonly systemUs: number;
  readonly errors: number;
}

type Driver = (body: 'plain' | 'stream', count: number) => Promise<Used>;

interface Slice {
  readonly plain: Used;
  readonly streamLong: Used;
  readonly stream1: Used;
}

interface Measured {
  readonly name: string;
  readonly method: string;
  readonly drive: Driver;
}

const median = (values: readonly number[]) => summarize(values).p50;

/** Median over slices of `a − b` in the same slice: what one contender costs over another. */
export function pairedExcess(a: readonly number[], b: readonly number[]): number {
  return paired(a, b).p50;
}

/**
 * Every contender is warmed up (V8 compiles the hot paths; the compiler threads' CPU counts too),
 * then measured in slices: each slice runs `perSlice` non-streamed requests, long streams and
 * 1-chunk streams against every contender, in a seeded shuffled order. Contenders measured side
 * by side in time see the same machine (load, frequency, the host's neighbours), so the medians
 * compare, and the spread over slices shows the measurement's own noise.
 */
async function slices(emulator: Emulator, list: readonly Measured[], perSlice: number, sliceCount: number, warmup: number) {
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  for (const c of list) {
    await c.drive('plain', warmup);
    await c.drive('stream', warmup);
  }
  emulator.configure({ answerChunks: 1 });
  for (const c of list) await c.drive('stream', Math.ceil(warmup / 4));
  // A process that sat idle while the others ran has cold CPU caches and branch predictors; a few
  // unmeasured requests first keep that switch out of the figure, as the long warm-up keeps out JIT.
  const measure = async (c: Measured, kind: 'plain' | 'stream') => {
    await c.drive(kind, Math.ceil(perSlice / 8));
    return c.drive(kind, perSlice);
  };
  const measured = list.map((): Slice[] => []);
  const indices = list.map((_, i) => i);
  for (let s = 0; s < sliceCount; s += 1) {
    const order = roundOrder(indices, s);
    const plain = new Map<number, Used>();
    const streamLong = new Map<number, Used>();
    emulator.configure({ answerChunks: LONG_STREAM_CHUNKS });
    for (const i of order) {
      plain.set(i, await measure(list[i] as Measured, 'plain'));
      streamLong.set(i, await measure(list[i] as Measured, 'stream'));
    }
    emulator.configure({ answerChunks: 1 });
    for (const i of order) {
      const stream1 = await measure(list[i] as Measured, 'stream');
      measured[i]?.push({ plain: plain.get(i) as Used, streamLong: streamLong.get(i) as Used, stream1 });
    }
    emulator.reset();
  }
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  return list.map((c, i): CpuRow => {
    const all = measured[i] ?? [];
    const perRequest = all.map((x) => x.plain.cpuUs / perSlice);
    const perChunk = all.map((x) => (x.streamLong.cpuUs - x.stream1.cpuUs) / perSlice / (LONG_STREAM_CHUNKS - 1));
    return {
      contender: c.name,
      method: c.method,
      requests: perSlice,
      slices: all.length,
      warmup,
      perRequestUs: median(perRequest),
      perRequestSystemUs: median(all.map((x) => x.plain.systemUs / perSlice)),
      longStreamChunks: LONG_STREAM_CHUNKS,
      perStreamUs: median(all.map((x) => x.streamLong.cpuUs / perSlice)),
      perChunkUs: median(perChunk),
      perRequestBySliceUs: perRequest,
      perChunkBySliceUs: perChunk,
      errors: all.reduce((sum, x) => sum + x.plain.errors + x.streamLong.errors + x.stream1.errors, 0),
    };
  });
}

/** Sequential HTTP requests; the server's CPU is read from procfs around them. */
function httpDriver(pid: number, url: URL, body: (stream: boolean) => string, headers: Record<string, string>): Driver {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return async (kind, count) => {
    let errors = 0;
    const before = cpuMicros(pid);
    for (let i = 0; i < count; i += 1) {
      if (failed(await timedPost(agent, url, body(kind === 'stream'), headers).catch(() => undefined))) errors += 1;
    }
    const after = cpuMicros(pid);
    const systemUs = after.system - before.system;
    return { cpuUs: after.user - before.user + systemUs, systemUs, errors };
  };
}

function workerDriver(worker: Worker): Driver {
  return async (kind, count) => {
    const result = await worker.run(messagesBody(kind === 'stream'), count);
    return { cpuUs: result.cpuMicros, systemUs: result.systemMicros, errors: result.errors };
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
    /** Requests of each kind per slice, and the number of slices. */
    perSlice: number;
    slices: number;
    warmup: number;
  },
): Promise<CpuRow[]> {
  const inWorker = 'process.cpuUsage() in the worker; emulator in the parent';
  const list: Measured[] = [
    { name: 'in-process handler (production bundle), messages', method: inWorker, drive: workerDriver(opts.inProcess) },
    { name: 'SDK alone in the same harness (bench/entries/sdk-floor.ts)', method: inWorker, drive: workerDriver(opts.sdkFloor) },
    {
      name: 'local server + handler (production bundle), messages',
      method: 'procfs utime+stime of the server process',
      drive: httpDriver(opts.server.pid, new URL('/chat', opts.serverUrl), messagesBody, { 'x-api-key': API_KEY }),
    },
  ];
  const portkey = opts.portkey;
  if (portkey)
    list.push({
      name: 'Portkey gateway, chat completions',
      method: 'procfs utime+stime of the gateway process',
      drive: httpDriver(portkey.pid, new URL('/v1/chat/completions', portkey.url), portkeyBody, portkey.headers),
    });
  return slices(emulator, list, opts.perSlice, opts.slices, opts.warmup);
}
