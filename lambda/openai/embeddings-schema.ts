import { ModelId, textOrTexts } from '../schemas/chat';
import { LIMITS } from '../schemas/limits';
import * as z from '../schemas/zod';

const Text = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.embedTextChars));

/** `POST /v1/embeddings` (https://platform.openai.com/docs/api-reference/embeddings/create). */
export const EmbeddingsRequest = z.looseObject({
  model: z.optional(ModelId).check(z.describe('A Bedrock embedding model id (Titan, Cohere, Nova) or an alias.')),
  // Token arrays are OpenAI-tokenizer specific; Bedrock models take text.
  input: textOrTexts(Text, 'must be a string or an array of strings; token arrays are not supported').check(
    z.describe(`A string or an array of up to ${LIMITS.embedTexts} strings.`),
  ),
  encoding_format: z.nullish(z.enum(['float', 'base64'])),
  dimensions: z.nullish(z.number().check(z.positive(), z.maximum(8192), z.int())),
  input_type: z
    .nullish(z.enum(['search_document', 'search_query', 'classification', 'clustering']))
    .check(z.describe('Extension: the Cohere / Nova input type; search_document when absent.')),
});

export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;
