import { TOOL_RESULT_PREFIX } from '../answer';
import { conversation, converseParts, systemTexts } from '../content';
import { asObject, optionalPositiveInt, requireArray } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html
const REASONS = { end: 'end_turn', length: 'max_tokens' };

export const nova: TextFamily = {
  parse(body) {
    const talk = conversation(requireArray(body, 'messages').map(converseParts), systemTexts(body['system']));
    const config = asObject(body['inferenceConfig']);
    // The current docs say maxTokens, older samples max_new_tokens: accept both.
    const maxTokens = optionalPositiveInt(config, 'maxTokens') ?? optionalPositiveInt(config, 'max_new_tokens');
    const reply = talk.toolResults.length > 0 ? TOOL_RESULT_PREFIX + talk.toolResults.join(' ') : undefined;
    return { prompt: talk.prompt, inputText: talk.inputText, maxTokens, reply };
  },

  invokeBody(generation) {
    return {
      output: { message: { role: 'assistant', content: [{ text: generation.text }] } },
      stopReason: stopReason(generation, REASONS),
      usage: {
        inputTokens: generation.inputTokens,
        outputTokens: generation.outputTokens,
        totalTokens: generation.inputTokens + generation.outputTokens,
        cacheReadInputTokenCount: 0,
        cacheWriteInputTokenCount: 0,
      },
    };
  },

  streamChunks(generation) {
    return [
      { body: { messageStart: { role: 'assistant' } }, content: false },
      ...contentChunks(generation, (text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
      { body: { contentBlockStop: { contentBlockIndex: 0 } }, content: false },
      { body: { messageStop: { stopReason: stopReason(generation, REASONS) } }, content: false },
      {
        body: {
          metadata: {
            usage: { inputTokens: generation.inputTokens, outputTokens: generation.outputTokens },
            metrics: {},
            trace: {},
          },
        },
        content: false,
      },
    ];
  },
};
