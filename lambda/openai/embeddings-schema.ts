import * as z from 'zod';
import { ModelId } from '../schemas/chat';
import { LIMITS } from '../schemas/limits';

const Text = z.string().min(1, 'must not be empty').max(LIMITS.embedTextChars);

/** `POST /v1/embeddings` (https://platform.openai.com/docs/api-reference/embeddings/create). */
export const EmbeddingsRequest = z.looseObject({
  model: ModelId.optional().describe('A Bedrock embedding model id (Titan, Cohere, Nova) or an alias.'),
  input: z
    .union([Text, z.array(Text).min(1).max(LIMITS.embedTexts)], {
      // Token arrays are OpenAI-tokenizer specific; Bedrock models take text.
      error: 'must be a string or an array of strings; token arrays are not supported',
    })
    .describe(`A string or an array of up to ${LIMITS.embedTexts} strings.`),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().positive().max(8192).nullish(),
  input_type: z
    .enum(['search_document', 'search_query', 'classification', 'clustering'])
    .nullish()
    .describe('Extension: the Cohere / Nova input type; search_document when absent.'),
});

export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;
