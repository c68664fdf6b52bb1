import { conversation, typedParts } from '../content';
import { deterministicId } from '../deterministic';
import { optionalPositiveInt, requireArray } from '../json';
import type { JsonObject } from '../types';
import { contentChunks, type ReplyContext, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html
// Bodies are OpenAI Chat Completions objects.
const REASONS = { end: 'stop', length: 'length' };

function envelope(ctx: ReplyContext, object: string): JsonObject {
  return {
    id: `chatcmpl-${deterministicId(ctx.requestId, 24)}`,
    object,
    created: Math.floor(Date.now() / 1000),
    model: ctx.baseId,
  };
}

function chunk(ctx: ReplyContext, delta: JsonObject, finishReason: string | null): JsonObject {
  return { ...envelope(ctx, 'chat.completion.chunk'), choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

export const openaiGptOss: TextFamily = {
  parse(body) {
    const talk = conversation(requireArray(body, 'messages').map(typedParts));
    const maxTokens = optionalPositiveInt(body, 'max_completion_tokens') ?? optionalPositiveInt(body, 'max_tokens');
    return { prompt: talk.prompt, inputText: talk.inputText, maxTokens };
  },

  invokeBody(generation, ctx) {
    return {
      ...envelope(ctx, 'chat.completion'),
      choices: [{ index: 0, message: { role: 'assistant', content: generation.text }, finish_reason: stopReason(generation, REASONS) }],
      usage: {
        prompt_tokens: generation.inputTokens,
        completion_tokens: generation.outputTokens,
        total_tokens: generation.inputTokens + generation.outputTokens,
      },
    };
  },

  streamChunks(generation, ctx) {
    return [
      { body: chunk(ctx, { role: 'assistant', content: '' }, null), content: false },
      ...contentChunks(generation, (text) => chunk(ctx, { content: text }, null)),
      { body: chunk(ctx, {}, stopReason(generation, REASONS)), content: false },
    ];
  },
};
