import { asObject, optionalPositiveInt, requireString } from '../json';
import { contentChunks, stopReason, type TextFamily } from './types';

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html
const REASONS = { end: 'FINISH', length: 'LENGTH' };

export const titanText: TextFamily = {
  parse(body) {
    const prompt = requireString(body, 'inputText');
    const maxTokens = optionalPositiveInt(asObject(body['textGenerationConfig']), 'maxTokenCount');
    return { prompt, inputText: prompt, maxTokens };
  },

  invokeBody(generation) {
    return {
      inputTextTokenCount: generation.inputTokens,
      results: [{ tokenCount: generation.outputTokens, outputText: generation.text, completionReason: stopReason(generation, REASONS) }],
    };
  },

  streamChunks(generation) {
    return [
      ...contentChunks(generation, (text, index) => ({
        outputText: text,
        index: 0,
        totalOutputTextTokenCount: null,
        completionReason: null,
        inputTextTokenCount: index === 0 ? generation.inputTokens : null,
      })),
      {
        body: {
          outputText: '',
          index: 0,
          totalOutputTextTokenCount: generation.outputTokens,
          completionReason: stopReason(generation, REASONS),
          inputTextTokenCount: null,
        },
        content: false,
      },
    ];
  },
};
