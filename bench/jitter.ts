import { performance } from 'node:perf_hooks';
import { type Summary, summarize } from './stats';

export interface Jitter {
  /** The work each sample repeats, calibrated to about 1 ms on this machine. */
  readonly iterations: number;
  readonly ms: Summary;
}

function spin(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i += 1) x = (x + i * i) % 7919;
  return x;
}

/**
 * The machine's own timing noise: the same ~1 ms of pure computation, no I/O and no allocation,
 * timed `samples` times. Any spread in it (preemption, a busy neighbour on the host, frequency
 * changes) lands on every latency figure too, so its p99 is the finest p99 this machine can resolve.
 */
export function measureJitter(samples: number): Jitter {
  const time = (iterations: number) => {
    const start = performance.now();
    spin(iterations);
    return performance.now() - start;
  };
  // Warm up first: calibrating an unoptimised loop would make each sample a fraction of 1 ms
  // once V8 optimises it. Then scale to 1 ms from the median of a few timings.
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) time(10_000);
  let iterations = 100_000;
  for (let i = 0; i < 3; i += 1) {
    const median = summarize(Array.from({ length: 21 }, () => time(iterations))).p50;
    iterations = Math.max(1000, Math.round(iterations / Math.max(median, 0.001)));
  }
  let sink = 0;
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const start = performance.now();
    sink += spin(iterations);
    times.push(performance.now() - start);
  }
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return { iterations, ms: summarize(times) };
}
