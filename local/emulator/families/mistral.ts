import { conversation, typedParts } from '../content';
import { optionalPositiveInt, requireArray, requireString } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// Text: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html
// Chat: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html
const REASONS = { end: 'stop', length: 'length' };

export const mistralText: TextFamily = {
  parse(body) {
    const prompt = requireString(body, 'prompt');
    return { prompt, inputText: prompt, maxTokens: optionalPositiveInt(body, 'max_tokens') };
  },

  invokeBody(generation) {
    return { outputs: [{ text: generation.text, stop_reason: stopReason(generation, REASONS) }] };
  },

  streamChunks(generation) {
    return [
      ...contentChunks(generation, (text) => ({ outputs: [{ text, stop_reason: null }] })),
      { body: { outputs: [{ text: '', stop_reason: stopReason(generation, REASONS) }] }, content: false },
    ];
  },
};

function chatChoice(content: string, reason: string | null): Record<string, unknown> {
  return { choices: [{ index: 0, message: { role: 'assistant', content }, stop_reason: reason }] };
}

export const mistralChat: TextFamily = {
  parse(body) {
    const talk = conversation(requireArray(body, 'messages').map(typedParts));
    return { prompt: talk.prompt, inputText: talk.inputText, maxTokens: optionalPositiveInt(body, 'max_tokens') };
  },

  invokeBody(generation) {
    return chatChoice(generation.text, stopReason(generation, REASONS));
  },

  streamChunks(generation) {
    return [
      ...contentChunks(generation, (text) => chatChoice(text, null)),
      { body: chatChoice('', stopReason(generation, REASONS)), content: false },
    ];
  },
};
