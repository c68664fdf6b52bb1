import { TOOL_RESULT_PREFIX } from '../answer';
import { conversation, systemTexts, typedParts } from '../content';
import { deterministicId } from '../deterministic';
import { requireArray, requirePositiveInt, requireString } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
const REASONS = { end: 'end_turn', length: 'max_tokens' };

/** `anthropic.claude-3-haiku-20240307-v1:0` → `claude-3-haiku-20240307`, as the response's `model`. */
function modelName(baseId: string): string {
  return baseId.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

export const anthropic: TextFamily = {
  parse(body) {
    requireString(body, 'anthropic_version');
    const maxTokens = requirePositiveInt(body, 'max_tokens');
    const talk = conversation(requireArray(body, 'messages').map(typedParts), systemTexts(body['system']));
    const reply = talk.toolResults.length > 0 ? TOOL_RESULT_PREFIX + talk.toolResults.join(' ') : undefined;
    return { prompt: talk.prompt, inputText: talk.inputText, maxTokens, reply };
  },

  invokeBody(generation, ctx) {
    return {
      id: `msg_bdrk_${deterministicId(ctx.requestId, 24)}`,
      type: 'message',
      role: 'assistant',
      model: modelName(ctx.baseId),
      content: [{ type: 'text', text: generation.text }],
      stop_reason: stopReason(generation, REASONS),
      stop_sequence: null,
      usage: { input_tokens: generation.inputTokens, output_tokens: generation.outputTokens },
    };
  },

  streamChunks(generation, ctx) {
    const message = {
      id: `msg_bdrk_${deterministicId(ctx.requestId, 24)}`,
      type: 'message',
      role: 'assistant',
      model: modelName(ctx.baseId),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: generation.inputTokens, output_tokens: 1 },
    };
    return [
      { body: { type: 'message_start', message }, content: false },
      { body: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, content: false },
      ...contentChunks(generation, (text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      { body: { type: 'content_block_stop', index: 0 }, content: false },
      {
        body: {
          type: 'message_delta',
          delta: { stop_reason: stopReason(generation, REASONS), stop_sequence: null },
          usage: { output_tokens: generation.outputTokens },
        },
        content: false,
      },
      { body: { type: 'message_stop' }, content: false },
    ];
  },
};
