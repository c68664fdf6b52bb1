import type { Fault, Gate, MidStreamFault, Operation } from './types';

type ErrorFault = Extract<Fault, { error: string }>;

const STREAM_OPERATIONS: ReadonlySet<Operation> = new Set(['invoke-stream', 'converse-stream']);

function matches(fault: Fault, operation: Operation): boolean {
  return fault.operation === undefined || fault.operation === operation;
}

/** Faults wait in order; each applies to the next request(s) it matches. */
export class FaultQueue {
  private queue: Array<{ fault: Fault; remaining: number }> = [];

  add(fault: Fault): void {
    const times = 'error' in fault ? (fault.times ?? 1) : 1;
    this.queue.push({ fault, remaining: times });
  }

  takeError(operation: Operation): ErrorFault | undefined {
    return this.take(operation, (fault): fault is ErrorFault => 'error' in fault);
  }

  takeMidStream(operation: Operation): MidStreamFault | undefined {
    if (!STREAM_OPERATIONS.has(operation)) return undefined;
    return this.take(operation, (fault): fault is MidStreamFault => 'midStream' in fault);
  }

  clear(): void {
    this.queue = [];
  }

  private take<T extends Fault>(operation: Operation, kind: (fault: Fault) => fault is T): T | undefined {
    const entry = this.queue.find(({ fault }) => kind(fault) && matches(fault, operation));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault as T;
  }
}

/** Holds a stream before each content chunk past the allowance, until released. */
export class StreamGate implements Gate {
  private allowed: number;
  private count = 0;
  private holding = false;
  private holdWaiters: Array<() => void> = [];
  private resume: (() => void) | undefined;

  constructor(initial = 1) {
    this.allowed = initial;
  }

  get sent(): number {
    return this.count;
  }

  waitForHold(): Promise<void> {
    if (this.holding) return Promise.resolve();
    return new Promise((resolve) => this.holdWaiters.push(resolve));
  }

  release(n = Number.POSITIVE_INFINITY): void {
    this.allowed += n;
    if (this.count < this.allowed) this.wake();
  }

  /** Called by the stream writer before each content chunk; resolves when it may be sent or the client left. */
  async beforeChunk(signal: AbortSignal): Promise<void> {
    while (this.count >= this.allowed && !signal.aborted) {
      this.holding = true;
      const waiters = this.holdWaiters.splice(0);
      for (const resolve of waiters) resolve();
      await new Promise<void>((resolve) => {
        this.resume = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  chunkSent(): void {
    this.count += 1;
  }

  private wake(): void {
    this.holding = false;
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }
}

/** Counts client aborts; each waitForAbort() consumes one, so it never misses an abort that came first. */
export class AbortTracker {
  private unclaimed = 0;
  private waiters: Array<() => void> = [];

  record(): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) this.unclaimed += 1;
    else waiter();
  }

  wait(): Promise<void> {
    if (this.unclaimed > 0) {
      this.unclaimed -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  clear(): void {
    this.unclaimed = 0;
  }
}
