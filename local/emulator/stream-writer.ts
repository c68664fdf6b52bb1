import type { StreamGate } from './controls';
import { errorFrame, exceptionFrame } from './event-stream';
import type { JsonObject, MidStreamFault } from './types';

export interface Timing {
  readonly invocationLatency: number;
  readonly firstByteLatency: number;
}

/** A payload may depend on timing: the last chunk carries the invocation metrics. */
export type Payload = JsonObject | ((timing: Timing) => JsonObject);

export interface PlannedEvent {
  readonly eventType: string;
  readonly payload: Payload;
  /** Content events carry answer text: delays, gates and mid-stream faults count them. */
  readonly content: boolean;
}

export type FrameEncoder = (eventType: string, payload: JsonObject, index: number) => Uint8Array;

export interface StreamSink {
  /** Resolves false when the client is gone. Awaits 'drain' when the socket is full. */
  write(frame: Uint8Array): Promise<boolean>;
  end(): void;
  reset(): void;
  readonly signal: AbortSignal;
}

export interface StreamPlan {
  readonly events: readonly PlannedEvent[];
  readonly encode: FrameEncoder;
  /** What the 'malformed' fault sends. */
  readonly malformed: Uint8Array;
  readonly startedAt: number;
  readonly chunkDelayMs: number;
  readonly gate?: StreamGate | undefined;
  readonly fault?: MidStreamFault | undefined;
}

type EndingFault = Exclude<MidStreamFault, { midStream: 'malformed' }>;

function sendFault(sink: StreamSink, fault: EndingFault): Promise<boolean> | undefined {
  switch (fault.midStream) {
    case 'reset':
      sink.reset();
      return undefined;
    case 'truncated':
      return undefined;
    case 'unmodeled':
      return sink.write(errorFrame('InternalFailure', 'Emulated unmodeled stream error.'));
    case 'modelStreamErrorException':
      return sink.write(
        exceptionFrame(fault.midStream, {
          message: 'Emulated model stream error.',
          originalStatusCode: 500,
          originalMessage: 'Emulated model failure.',
        }),
      );
    default:
      return sink.write(exceptionFrame(fault.midStream, { message: `Emulated ${fault.midStream}.` }));
  }
}

/** Waits `ms`, or until the client leaves; on the global timer, so a test's fake clock can drive it. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Writes each frame as soon as it is produced. A mid-stream fault fires once `afterChunks` content
 * chunks are out (at the latest right after the last one); then the stream ends, except after a
 * 'malformed' frame, which the rest of the stream follows.
 */
export async function writeStream(sink: StreamSink, plan: StreamPlan): Promise<void> {
  const totalContent = plan.events.filter((event) => event.content).length;
  const faultAt = plan.fault === undefined ? undefined : Math.min(plan.fault.afterChunks, totalContent);
  let sent = 0;
  let firstByteAt: number | undefined;
  const timing = (): Timing => ({
    invocationLatency: Date.now() - plan.startedAt,
    firstByteLatency: (firstByteAt ?? Date.now()) - plan.startedAt,
  });

  let fault = plan.fault;
  for (const [index, event] of plan.events.entries()) {
    if (fault !== undefined && sent === faultAt && (event.content || sent === totalContent)) {
      if (fault.midStream === 'malformed') {
        fault = undefined;
        if (!(await sink.write(plan.malformed))) return;
      } else {
        await sendFault(sink, fault);
        return fault.midStream === 'reset' ? undefined : sink.end();
      }
    }
    if (event.content) {
      if (sent > 0) await pause(plan.chunkDelayMs, sink.signal);
      await plan.gate?.beforeChunk(sink.signal);
    }
    if (sink.signal.aborted) return;
    const payload = typeof event.payload === 'function' ? event.payload(timing()) : event.payload;
    if (!(await sink.write(plan.encode(event.eventType, payload, index)))) return;
    firstByteAt ??= Date.now();
    if (event.content) {
      sent += 1;
      plan.gate?.chunkSent();
    }
  }
  sink.end();
}
