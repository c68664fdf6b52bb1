import type { EmbedDeps } from '../embed/embed';
import { json } from '../http';
import { embeddingsResponse } from '../openai/embeddings';
import type { Route } from '../router';
import { parseWith } from '../schemas/validate';
import { embedForRequest, requestModel } from './steps';

/** `POST /v1/embeddings` over the same Titan / Cohere / Nova calls (and cache) as /chat's embed mode; its schema loads on first use, as /v1/chat/completions' does. */
export function openAIEmbeddingsRoute(deps: EmbedDeps): Route {
  // Kept once loaded, as openai-chat.ts keeps its module.
  let schema: typeof import('../openai/embeddings-schema').EmbeddingsRequest | undefined;
  return {
    method: 'POST',
    path: '/v1/embeddings',
    body: true,
    run: async ({ body, scope }) => {
      schema ??= (await import('../openai/embeddings-schema')).EmbeddingsRequest;
      const request = parseWith(schema, body);
      const model = requestModel(deps.config, scope, body, request.model, deps.config.defaultEmbedModel);
      const texts = typeof request.input === 'string' ? [request.input] : request.input;
      const options = { dimensions: request.dimensions ?? undefined, inputType: request.input_type ?? undefined };
      const { result, headers } = await embedForRequest(deps, scope, model, texts, options);
      return json(200, embeddingsResponse(model, result, request.encoding_format ?? 'float'), headers);
    },
  };
}
