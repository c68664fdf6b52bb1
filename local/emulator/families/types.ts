import type { Generation } from '../answer';
import type { JsonObject } from '../types';

/** What a family's request body means to the emulator. */
export interface TextRequest {
  readonly prompt: string;
  readonly inputText: string;
  readonly maxTokens?: number | undefined;
  readonly reply?: string | undefined;
}

export interface ReplyContext {
  readonly baseId: string;
  readonly requestId: string;
  /** The parsed request body, for families whose responses echo parts of it. */
  readonly body: JsonObject;
}

/** One model-native IMWRS chunk; `content` marks the chunks that carry answer text. */
export interface NativeChunk {
  readonly body: JsonObject;
  readonly content: boolean;
}

export interface TextFamily {
  /** Validates the model-native body; throws a ValidationException like the real service. */
  parse(body: JsonObject): TextRequest;
  invokeBody(generation: Generation, ctx: ReplyContext): JsonObject;
  /** All chunks of the stream; the last one is completed with the invocation metrics. */
  streamChunks(generation: Generation, ctx: ReplyContext): NativeChunk[];
}

export interface StopReasons {
  readonly end: string;
  readonly length: string;
}

export function stopReason(generation: Generation, reasons: StopReasons): string {
  return generation.stop === 'length' ? reasons.length : reasons.end;
}

export function contentChunks(generation: Generation, body: (text: string, index: number) => JsonObject): NativeChunk[] {
  return generation.chunks.map((text, index) => ({ body: body(text, index), content: true }));
}
