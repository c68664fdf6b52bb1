import type { BundleReport } from './build';
import type { ColdRow } from './cold-start';
import type { ConcurrencyRow } from './concurrency';
import type { ConnectionRow } from './connections';
import type { CpuRow } from './cpu';
import type { Jitter } from './jitter';
import type { LatencyRow } from './latency';
import type { MemoryReport } from './memory';
import { ms, type Summary } from './stats';
import type { ShareRow, TargetCheck } from './targets';

export interface Results {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: {
    readonly cpu: string;
    readonly nproc: number;
    readonly node: string;
    readonly os: string;
    /** 1-minute load average when the run started and when it ended: other work on the machine. */
    readonly load: readonly [number, number];
    /** The same ~1 ms of computation timed over and over (bench/jitter.ts). */
    readonly jitter: Jitter;
  };
  readonly latency: readonly LatencyRow[];
  readonly connections: readonly ConnectionRow[];
  readonly bundles: readonly BundleReport[];
  readonly coldStart: readonly ColdRow[];
  readonly cpu: readonly CpuRow[];
  readonly memory: MemoryReport & { readonly portkeyRssMB?: number; readonly sdkAlone?: MemoryReport };
  readonly concurrency: readonly ConcurrencyRow[];
  readonly notes: readonly string[];
}

export const KB = 1024;
export const kb = (bytes: number) => (bytes / KB).toFixed(1);
const range = (values: readonly number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const pair = (s: Summary | undefined) => (s && s.n > 0 ? `${ms(s.p50, 3)} / ${ms(s.p99, 3)}` : '–');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const memoryRow = (name: string, m: MemoryReport, portkeyRssMB: number | undefined) => [
  name,
  m.afterImportRssMB.toFixed(1),
  m.idleRssMB.toFixed(1),
  String(m.concurrentStreams),
  m.peakRssMB.toFixed(1),
  String(m.errors),
  portkeyRssMB?.toFixed(1) ?? '–',
];

export function renderMarkdown(r: Results, checks: readonly TargetCheck[], share: readonly ShareRow[]): string {
  const out: string[] = [];
  out.push(`# bedrock-proxy benchmark, ${r.date}${r.quick ? ' (--quick)' : ''}`);
  out.push(
    `${r.machine.cpu}, ${r.machine.nproc} CPUs, Node ${r.machine.node}, ${r.machine.os}; load average ${r.machine.load[0].toFixed(2)} at start, ${r.machine.load[1].toFixed(2)} at end; the machine's own noise, 1 ms of pure computation timed ${r.machine.jitter.ms.n} times: p50 ${ms(r.machine.jitter.ms.p50, 3)} ms, p99 ${ms(r.machine.jitter.ms.p99, 3)} ms, max ${ms(r.machine.jitter.ms.max, 3)} ms`,
  );
  out.push('\n## 1. Latency (ms): p50 / p99; "added" = contender − floor in the same round');
  out.push(
    table(
      ['contender', 'scenario', 'n', 'errors', 'added total', 'added first chunk', 'total', 'first chunk'],
      r.latency.map((x) => [
        x.contender,
        x.scenario,
        String(x.total.n),
        String(x.errors),
        pair(x.addedTotal),
        x.scenario === 'non-streamed' ? '–' : pair(x.addedFirst),
        pair(x.total),
        x.scenario === 'non-streamed' ? '–' : pair(x.first),
      ]),
    ),
  );
  out.push('\n## 2. CPU time of the serving process');
  out.push(
    table(
      [
        'contender',
        'method',
        'slices × requests (warm-up)',
        'per request (µs)',
        'slice range',
        'of which kernel (µs)',
        `per ${r.cpu[0]?.longStreamChunks ?? 50}-chunk stream (µs)`,
        'per chunk, marginal (µs)',
        'slice range',
        'errors',
      ],
      r.cpu.map((c) => [
        c.contender,
        c.method,
        `${c.slices} × ${c.requests} (${c.warmup})`,
        c.perRequestUs.toFixed(0),
        range(c.perRequestBySliceUs, 0),
        c.perRequestSystemUs.toFixed(0),
        c.perStreamUs.toFixed(0),
        c.perChunkUs.toFixed(1),
        range(c.perChunkBySliceUs, 1),
        String(c.errors),
      ]),
    ),
  );
  out.push('\n## 3. Bundle (lib/bundling.ts settings) and cold start');
  out.push(
    table(
      ['bundle', 'read at cold start, minified KB', 'gzip KB', 'all files KB', 'Logger inside', 'largest inputs read at cold start (KB)'],
      r.bundles.map((b) => [
        b.name,
        kb(b.rawBytes),
        kb(b.gzipBytes),
        kb(b.allBytes),
        b.includesLogger ? 'yes' : 'no',
        b.top
          .slice(0, 6)
          .map((t) => `${t.name} ${kb(t.bytes)}`)
          .join(', '),
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['process', 'n', 'failures', 'wall p50 / p99', 'added over bare p50 / p99', 'import p50', 'first request p50'],
      r.coldStart.map((c) => [
        c.name,
        String(c.wall.n),
        String(c.failures),
        pair(c.wall),
        pair(c.added),
        c.importMs ? ms(c.importMs.p50, 1) : '–',
        c.firstRequestMs ? ms(c.firstRequestMs.p50, 1) : '–',
      ]),
    ),
  );
  out.push('\n## 4. Memory (in-process handler, production bundle, emulator in another process)');
  out.push(
    table(
      [
        'bundle',
        'RSS after import (MB)',
        'idle RSS after warm-up (MB)',
        'concurrent streams',
        'peak RSS (MB)',
        'errors',
        'Portkey RSS after its CPU run (MB)',
      ],
      [
        memoryRow('production', r.memory, r.memory.portkeyRssMB),
        ...(r.memory.sdkAlone ? [memoryRow('SDK alone (bench/entries/sdk-floor.ts)', r.memory.sdkAlone, undefined)] : []),
      ],
    ),
  );
  out.push('\n## 5. New emulator connections during 30 sequential requests after warm-up');
  out.push(
    table(
      ['contender', 'requests', 'new connections', 'errors'],
      r.connections.map((c) => [c.contender, String(c.requests), String(c.newConnections), String(c.errors)]),
    ),
  );
  out.push('\n## 6. Concurrent streams through the local Function URL server (50 chunks, 10 ms apart)');
  out.push(
    table(
      ['streams', 'errors', 'first chunk p50 / p99 (ms)', 'total p50 / p99 (ms)'],
      r.concurrency.map((c) => [String(c.streams), String(c.errors), pair(c.firstChunk), pair(c.total)]),
    ),
  );
  out.push('\n## Targets');
  out.push(
    table(
      ['target', 'measured', 'met'],
      checks.map((c) => [c.target, c.measured, c.met ? 'yes' : '**no**']),
    ),
  );
  if (share.length > 0) {
    out.push('\n## What of each figure is our code: ours against the same path with the SDK call alone');
    out.push(
      "The targets above are read on ours. Here each figure that has such a base is beside it, and ours over it is the median of the differences in the same round (latency, cold start) or slice (CPU); the target's limit is there to read it against, not checked.\n",
    );
    out.push(
      table(
        ['figure', 'ours', 'the same path with the SDK call alone', 'ours over it, paired', "the target's limit"],
        share.map((s) => [s.figure, s.ours, s.without, s.over, s.limit]),
      ),
    );
  }
  if (r.notes.length > 0) out.push(`\n${r.notes.map((n) => `- ${n}`).join('\n')}`);
  return `${out.join('\n')}\n`;
}
