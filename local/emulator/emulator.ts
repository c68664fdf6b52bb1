import { AbortTracker, FaultQueue, StreamGate } from './controls';
import { requestId } from './deterministic';
import { createExchange } from './exchange';
import { handleExchange, type RouterState } from './router';
import type { SigningSecrets } from './sigv4';
import { listen } from './transport';
import type { Emulator, EmulatorStats, Knobs, RecordedRequest } from './types';

export interface EmulatorOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly chunkDelayMs?: number;
  readonly answerChunks?: number;
  /**
   * Secret access keys by access key ID. A request signed (SigV4) by one of these keys is checked
   * as Bedrock checks it, and refused with 403 InvalidSignatureException when the signature does
   * not match; other requests are not checked (local/emulator/sigv4.ts).
   */
  readonly signingSecrets?: SigningSecrets;
}

/**
 * Tests read the last few requests; `npm start` runs for days and must not hold every body it
 * was sent (up to 5 MB each), so only the most recent ones are kept: a few MB for usual prompts.
 */
export const KEPT_REQUESTS = 100;

function emptyStats(): EmulatorStats {
  return { connections: 0, h1Connections: 0, h2Connections: 0, requests: 0, abortedStreams: 0 };
}

/** Starts a Bedrock Runtime emulator on loopback that the unmodified AWS SDK can talk to. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const initialKnobs: Knobs = { chunkDelayMs: opts.chunkDelayMs ?? 0, answerChunks: opts.answerChunks };
  const stats = emptyStats();
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const gates: StreamGate[] = [];
  const issuedGates: StreamGate[] = [];
  const aborts = new AbortTracker();
  let knobs = initialKnobs;
  let counter = 0;

  const state: RouterState = {
    record(request) {
      requests.push(request);
      if (requests.length > KEPT_REQUESTS) requests.shift();
    },
    faults,
    gates,
    knobs: () => knobs,
    signingSecrets: opts.signingSecrets ?? {},
    nextRequestId: () => requestId(++counter),
  };

  const onAbort = (): void => {
    stats.abortedStreams += 1;
    aborts.record();
  };

  const transport = await listen(host, opts.port ?? 0, stats, (req, res, resetTransport) => {
    stats.requests += 1;
    const exchange = createExchange(req, res, resetTransport, onAbort);
    handleExchange(exchange, state).catch((error: unknown) => {
      // A client that left mid-request is already counted as an abort; anything else is a bug.
      if (!exchange.signal.aborted) console.error('bedrock emulator: request failed', error);
      exchange.reset();
    });
  });

  const releaseGates = (): void => {
    for (const gate of issuedGates.splice(0)) gate.release();
    gates.length = 0;
  };

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${transport.port}`,
    stats,
    requests,
    configure(next) {
      knobs = { ...knobs, ...next };
    },
    fault(fault) {
      faults.add(fault);
    },
    gate(gateOpts = {}) {
      const gate = new StreamGate(gateOpts.initial ?? 1);
      gates.push(gate);
      issuedGates.push(gate);
      return gate;
    },
    waitForAbort: () => aborts.wait(),
    reset() {
      requests.length = 0;
      faults.clear();
      releaseGates();
      aborts.clear();
      knobs = initialKnobs;
    },
    resetStats() {
      Object.assign(stats, emptyStats());
    },
    async close() {
      releaseGates();
      await transport.close();
    },
  };
}
