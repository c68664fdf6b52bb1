import type { BodySource } from '../http';
import type { ChatEvent, ChatStream } from './events';

/** How a public API writes a chat stream: what opens it, each ChatEvent, what ends a clean stream. */
export interface StreamFormat {
  readonly head: string;
  event(event: ChatEvent): string;
  readonly tail: string;
}

/** What a stream tells its request's record as it passes: time to first token, usage, text. */
export interface StreamObserver {
  note(event: ChatEvent): void;
}

/**
 * The body text of a streamed answer: each Bedrock event is mapped, noted and formatted in one
 * synchronous step, so the only wait per event is for Bedrock's next one.
 */
export function chatText(stream: ChatStream, observer: StreamObserver, format: StreamFormat): BodySource {
  const { events, mapper } = stream;
  let started = false;
  let ended = false;
  const text = (chatEvents: readonly ChatEvent[]): string => {
    let out = '';
    for (const event of chatEvents) {
      observer.note(event);
      out += format.event(event);
    }
    return out;
  };
  return {
    next: () => {
      if (ended) return Promise.resolve(undefined);
      const head = started ? '' : format.head;
      started = true;
      return events.next().then((result) => {
        if (!result.done) return head + text(mapper.next(result.value));
        ended = true;
        return head + text(mapper.end()) + format.tail;
      });
    },
    cancel: () => events.cancel(),
  };
}
