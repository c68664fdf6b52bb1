import type { ResolvedModel } from './model-id';
import type { FrameEncoder, PlannedEvent } from './stream-writer';
import type { JsonObject, Knobs } from './types';

/** What an operation needs to know about its request. */
export interface OperationContext {
  readonly model: ResolvedModel;
  readonly body: JsonObject;
  readonly requestId: string;
  readonly knobs: Knobs;
  readonly guardrail: boolean;
  readonly startedAt: number;
}

export type Reply =
  | { readonly kind: 'json'; readonly headers: Readonly<Record<string, string>>; readonly body: JsonObject }
  | {
      readonly kind: 'stream';
      readonly headers: Readonly<Record<string, string>>;
      readonly events: readonly PlannedEvent[];
      readonly encode: FrameEncoder;
      /** The 'malformed' fault's frame: an event of this operation whose payload is not JSON. */
      readonly malformed: Uint8Array;
    };

/** Headers the real service sends with InvokeModel (reference E.3). */
export function tokenHeaders(inputTokens: number, outputTokens: number, startedAt: number): Record<string, string> {
  return {
    'x-amzn-bedrock-input-token-count': String(inputTokens),
    'x-amzn-bedrock-output-token-count': String(outputTokens),
    'x-amzn-bedrock-invocation-latency': String(Date.now() - startedAt),
  };
}
