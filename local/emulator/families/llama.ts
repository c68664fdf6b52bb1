import { optionalPositiveInt, requireString } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
const REASONS = { end: 'stop', length: 'length' };

export const llama: TextFamily = {
  parse(body) {
    const prompt = requireString(body, 'prompt');
    return { prompt, inputText: prompt, maxTokens: optionalPositiveInt(body, 'max_gen_len') };
  },

  invokeBody(generation) {
    return {
      generation: generation.text,
      prompt_token_count: generation.inputTokens,
      generation_token_count: generation.outputTokens,
      stop_reason: stopReason(generation, REASONS),
    };
  },

  streamChunks(generation) {
    return [
      ...contentChunks(generation, (text, index) => ({
        generation: text,
        prompt_token_count: index === 0 ? generation.inputTokens : null,
        generation_token_count: index + 1,
        stop_reason: null,
      })),
      {
        body: {
          generation: '',
          prompt_token_count: null,
          generation_token_count: generation.outputTokens,
          stop_reason: stopReason(generation, REASONS),
        },
        content: false,
      },
    ];
  },
};
