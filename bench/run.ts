/**
 * `npm run bench [-- --quick] [-- --cpu-prof]`: the proxy against the floor (a direct SDK call)
 * and the Portkey gateway, in one run on one machine. Method and latest figures: BENCHMARKS.md.
 */
import './runtime-global';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../local/emulator';
import type { StreamingHandler } from '../local/runtime/invoke';
import { BUILD_DIR, buildBundle, buildHarnesses, ROOT } from './build';
import { COLD_ROWS, measureColdStart } from './cold-start';
import { measureConcurrency } from './concurrency';
import { measureConnections } from './connections';
import { contenders } from './contenders';
import { measureCpu } from './cpu';
import { proxyEnv } from './fixtures';
import { createFloor } from './floor';
import { startHop } from './hop';
import { measureJitter } from './jitter';
import { measureLatency } from './latency';
import { measureMemory } from './memory';
import { type Portkey, startPortkey } from './portkey';
import { memoryMB } from './procfs';
import { type Results, renderMarkdown } from './report';
import { checkTargets, ourShare } from './targets';
import { startTlsFront, type TlsFront } from './tls-front';
import { startWorker } from './worker-client';

const quick = process.argv.includes('--quick');
const cpuProf = process.argv.includes('--cpu-prof');
const plan = quick
  ? {
      warmupRequests: 200,
      warmupBudgetMs: 40_000,
      warmupRounds: 20,
      rounds: 80,
      slowRounds: 4,
      budgetMs: 30_000,
      slowBudgetMs: 25_000,
      coldRounds: 5,
      cpuPerSlice: 100,
      cpuSlices: 3,
      cpuWarmup: 300,
    }
  : {
      warmupRequests: 1500,
      warmupBudgetMs: 300_000,
      warmupRounds: 50,
      rounds: 500,
      slowRounds: 40,
      budgetMs: 90_000,
      slowBudgetMs: 220_000,
      coldRounds: 20,
      cpuPerSlice: 200,
      cpuSlices: 7,
      cpuWarmup: 2000,
    };
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const notes: string[] = [];
const started = Date.now();
const loadAtStart = os.loadavg()[0] ?? 0;

log('building bundles (lib/bundling.ts) and harnesses');
const bundles = [];
for (const variant of ['production', 'with-logger', 'no-alias'] as const) bundles.push(await buildBundle(variant));
const sdkFloorBundle = (await buildBundle('sdk-floor')).file;
const harness = await buildHarnesses();
const production = bundles[0]?.file ?? '';

const emulator = await startEmulator({ host: '127.0.0.1', port: 0, answerChunks: 50 });
const workerEnv = proxyEnv(emulator.url);
Object.assign(process.env, workerEnv);
// The local Function URL server runs the production bundle in its own process, as `npm start`
// runs it in its own: sharing the benchmark's event loop would delay its writes behind the client.
const server = await startWorker(harness.worker, production, workerEnv, { execArgv: [] });
const serverUrl = await server.serve();
// The same server, process layout and stand-in around the SDK call alone: the local server's rows without our handler.
const sdkAloneServer = await startWorker(harness.worker, sdkFloorBundle, workerEnv, { execArgv: [] });
const sdkAloneUrl = await sdkAloneServer.serve();

// The in-process contenders run the production bundle with the production settings, so their
// log line and metrics record are written as deployed. Until the report, this process's stdout
// goes to /dev/null with one synchronous write each, as the workers' discarded stdout does.
const devNull = openSync('/dev/null', 'w');
const stdoutWrite = process.stdout.write;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  if (typeof chunk === 'string') writeSync(devNull, chunk);
  else writeSync(devNull, chunk);
  const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
  done?.();
  return true;
}) as typeof process.stdout.write;
const { handler } = (await import(pathToFileURL(production).href)) as { handler: StreamingHandler };

let portkey: Portkey | undefined;
try {
  portkey = await startPortkey(await freePort(), emulator.url);
} catch (error) {
  notes.push(`Portkey did not start, so it is missing from this run: ${(error as Error).message}`);
}
const floor = createFloor(emulator.url);
const hop = await startHop(harness.hop, emulator.url);
const hopFloor = createFloor(hop.url);
const { handler: sdkAloneHandler } = (await import(pathToFileURL(sdkFloorBundle).href)) as { handler: StreamingHandler };
const list = contenders({ floor, hopFloor, proxyUrl: serverUrl, sdkAloneUrl, handler, sdkAloneHandler, portkey });

// Check that Portkey really reaches the emulator, and how.
const portkeyContender = list.find((c) => c.name.startsWith('Portkey'));
if (portkeyContender) {
  emulator.reset();
  emulator.resetStats();
  const statuses = [(await portkeyContender.run(false)).status, (await portkeyContender.run(true)).status];
  const seen = emulator.requests.map((r) => r.operation).join(', ');
  notes.push(
    `Portkey check: HTTP ${statuses.join('/')}, the emulator recorded [${seen}] over ${emulator.stats.h1Connections} HTTP/1.1 and ${emulator.stats.h2Connections} HTTP/2 connection(s).`,
  );
  emulator.reset();
}

log('machine noise');
const jitter = measureJitter(quick ? 500 : 3000);
log(
  `latency: ${plan.warmupRequests} warm-up exchanges of each kind per contender, ${plan.rounds} rounds (+${plan.warmupRounds} warm-up), ${plan.slowRounds} rounds at 10 ms spacing`,
);
const latency = await measureLatency(emulator, list, plan);
log('connections');
const connections = await measureConnections(emulator, list);

log(`cold start: ${plan.coldRounds} rounds`);
// The same cold starts with Bedrock behind HTTPS, as a Lambda function reaches it (bench/tls-front.ts).
let tlsFront: TlsFront | undefined;
try {
  tlsFront = await startTlsFront(emulator.url, path.join(RESULTS_DIR, 'tls'));
} catch (error) {
  notes.push(`The cold starts over HTTPS did not run (they need openssl on PATH): ${(error as Error).message}`);
}
const overHttps = tlsFront && { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: tlsFront.url, NODE_EXTRA_CA_CERTS: tlsFront.caFile };
const coldStart = await measureColdStart(
  [
    { name: COLD_ROWS.production, args: [harness.coldChild, production], base: COLD_ROWS.sdkAlone },
    { name: COLD_ROWS.productionSourceMaps, args: ['--enable-source-maps', harness.coldChild, production] },
    // The floor of a cold start with the SDK: the same harness and request, nothing but the Converse call.
    { name: COLD_ROWS.sdkAlone, args: [harness.coldChild, sdkFloorBundle] },
    ...(overHttps
      ? [
          { name: COLD_ROWS.productionHttps, args: [harness.coldChild, production], env: overHttps, base: COLD_ROWS.sdkAloneHttps },
          { name: COLD_ROWS.sdkAloneHttps, args: [harness.coldChild, sdkFloorBundle], env: overHttps },
        ]
      : []),
  ],
  workerEnv,
  plan.coldRounds,
);
await tlsFront?.close();

log(`CPU: ${plan.cpuSlices} interleaved slices of ${plan.cpuPerSlice} requests of each kind, after ${plan.cpuWarmup} of each kind`);
const profDir = path.join(RESULTS_DIR, 'profiles');
if (cpuProf) mkdirSync(profDir, { recursive: true });
const execArgv = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
const inProcess = await startWorker(harness.worker, production, workerEnv, { execArgv });
const sdkFloor = await startWorker(harness.worker, sdkFloorBundle, workerEnv, { execArgv: [] });
const cpu = await measureCpu(emulator, {
  inProcess,
  sdkFloor,
  server,
  serverUrl,
  portkey,
  perSlice: plan.cpuPerSlice,
  slices: plan.cpuSlices,
  warmup: plan.cpuWarmup,
});
await inProcess.close();
await sdkFloor.close();
if (cpuProf) notes.push(`CPU profile of the in-process worker: ${path.relative(ROOT, profDir)}/*.cpuprofile`);

log('memory');
const memoryWorker = await startWorker(harness.worker, production, workerEnv, { execArgv: [] });
const ourMemory = await measureMemory(emulator, memoryWorker, 100);
await memoryWorker.close();
const sdkMemoryWorker = await startWorker(harness.worker, sdkFloorBundle, workerEnv, { execArgv: [] });
const sdkAloneMemory = await measureMemory(emulator, sdkMemoryWorker, 100);
await sdkMemoryWorker.close();
const memory = { ...ourMemory, sdkAlone: sdkAloneMemory, portkeyRssMB: portkey ? memoryMB(portkey.pid).rss : undefined };

log('concurrency');
const concurrency = await measureConcurrency(emulator, serverUrl, [100, 200, 500]);

await server.close();
await sdkAloneServer.close();
await portkey?.close();
floor.close();
hopFloor.close();
await hop.close();
await emulator.close();

const results: Results = {
  date: new Date().toISOString(),
  quick,
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    nproc: os.availableParallelism(),
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
    load: [loadAtStart, os.loadavg()[0] ?? 0],
    jitter,
  },
  latency,
  connections,
  bundles: bundles.map((b) => ({ ...b, file: path.relative(ROOT, b.file), top: b.top.slice(0, 15) })),
  coldStart,
  cpu,
  memory,
  concurrency,
  notes,
};
const checks = checkTargets(results);
const share = ourShare(results);
mkdirSync(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, `bench-${results.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
const json = `${JSON.stringify({ ...results, targets: checks, share }, null, 2)}\n`;
writeFileSync(file, json);
writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
process.stdout.write = stdoutWrite;
closeSync(devNull);
process.stdout.write(renderMarkdown(results, checks, share));
log(
  `wrote ${path.relative(ROOT, file)} (and latest.json; bundles in ${path.relative(ROOT, BUILD_DIR)}) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
