import type { Usage } from '../models/text-families';

export type { Usage };

/** A finished, non-streamed answer in family-neutral terms. */
export interface ChatResult {
  readonly text: string;
  readonly usage: Usage;
  readonly stopReason: string | null;
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
