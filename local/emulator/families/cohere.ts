import type { Generation } from '../answer';
import { deterministicId } from '../deterministic';
import { asArray, asObject, optionalPositiveInt, requireString } from '../json';
import type { JsonObject } from '../types';
import { contentChunks, type ReplyContext, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html
// Stream events follow the Cohere v1 chat stream: https://docs.cohere.com/v1/reference/chat-stream
const REASONS = { end: 'COMPLETE', length: 'MAX_TOKENS' };

function generationId(ctx: ReplyContext): string {
  return deterministicId(`${ctx.requestId}:generation`, 32);
}

function chatResponse(generation: Generation, ctx: ReplyContext): JsonObject {
  return {
    response_id: deterministicId(`${ctx.requestId}:response`, 32),
    text: generation.text,
    generation_id: generationId(ctx),
    chat_history: [
      ...asArray(ctx.body['chat_history']),
      { role: 'USER', message: ctx.body['message'] },
      { role: 'CHATBOT', message: generation.text },
    ],
    finish_reason: stopReason(generation, REASONS),
  };
}

export const cohereCommandR: TextFamily = {
  parse(body) {
    const prompt = requireString(body, 'message');
    const history = asArray(body['chat_history']).map((turn) => String(asObject(turn)['message'] ?? ''));
    const preamble = typeof body['preamble'] === 'string' ? [body['preamble']] : [];
    const inputText = [...preamble, ...history, prompt].join(' ');
    return { prompt, inputText, maxTokens: optionalPositiveInt(body, 'max_tokens') };
  },

  invokeBody: chatResponse,

  streamChunks(generation, ctx) {
    return [
      { body: { is_finished: false, event_type: 'stream-start', generation_id: generationId(ctx) }, content: false },
      ...contentChunks(generation, (text) => ({ is_finished: false, event_type: 'text-generation', text })),
      {
        body: {
          is_finished: true,
          event_type: 'stream-end',
          finish_reason: stopReason(generation, REASONS),
          response: chatResponse(generation, ctx),
        },
        content: false,
      },
    ];
  },
};
