import { optionalPositiveInt, requireString } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html
const REASONS = { end: 'stop', length: 'length' };

export const deepseek: TextFamily = {
  parse(body) {
    const prompt = requireString(body, 'prompt');
    return { prompt, inputText: prompt, maxTokens: optionalPositiveInt(body, 'max_tokens') };
  },

  invokeBody(generation) {
    return { choices: [{ text: generation.text, stop_reason: stopReason(generation, REASONS) }] };
  },

  streamChunks(generation) {
    return [
      ...contentChunks(generation, (text) => ({ choices: [{ text, stop_reason: null }] })),
      { body: { choices: [{ text: '', stop_reason: stopReason(generation, REASONS) }] }, content: false },
    ];
  },
};
