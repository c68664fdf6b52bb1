import type { Usage } from '../models/text-families';

export type { Usage };

/** A finished, non-streamed answer in family-neutral terms. */
export interface ChatResult {
  readonly text: string;
  readonly usage: Usage;
  readonly stopReason: string | null;
  /** A raw payload's own `usage` object, as Bedrock returned it (the original proxy's `usage`). */
  readonly bedrockUsage?: Readonly<Record<string, unknown>>;
}

/**
 * What a streamed answer is made of, whichever Bedrock API produced it. The /chat NDJSON writer
 * uses text and end; richer consumers also get reasoning and tool-call pieces.
 */
export type ChatEvent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'tool-start'; readonly index: number; readonly id: string; readonly name: string }
  | { readonly type: 'tool-delta'; readonly index: number; readonly input: string }
  | { readonly type: 'end'; readonly usage: Usage; readonly stopReason: string | null };

/**
 * Maps one stream's events as they arrive: synchronous and pure apart from what earlier events of
 * the same stream left behind (a usage total, a tool index), so a stream pays no extra async step
 * per event. `end` says what the end of the stream adds.
 */
export interface EventMapper<In, Out> {
  next(event: In): readonly Out[];
  end(): readonly Out[];
}

/** An opened Bedrock event stream; `next` rejects with an HttpError already classified. */
export interface BedrockEvents<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops reading (the caller went away): lets the SDK release the connection. */
  cancel(): void;
}

/** A streamed answer: Bedrock's events, and the mapper that turns each into ChatEvents. */
export interface ChatStream<T = unknown> {
  readonly events: BedrockEvents<T>;
  readonly mapper: EventMapper<T, ChatEvent>;
}
