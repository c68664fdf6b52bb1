import { type EmbedDeps, embedTexts } from '../embed/embed';
import { json } from '../http';
import { resolveModel } from '../models/resolve';
import { embeddingsResponse } from '../openai/embeddings';
import { EmbeddingsRequest } from '../openai/embeddings-schema';
import type { Route } from '../router';
import { parseWith } from '../schemas/validate';

/** `POST /v1/embeddings` over the same Titan / Cohere / Nova calls (and cache) as /chat's embed mode. */
export function openAIEmbeddingsRoute(deps: EmbedDeps): Route {
  return {
    method: 'POST',
    path: '/v1/embeddings',
    body: true,
    run: async ({ body, scope }) => {
      const request = parseWith(EmbeddingsRequest, body);
      const model = resolveModel(deps.config, request.model, deps.config.defaultEmbedModel, scope.caller);
      scope.record.set({ model });
      const texts = typeof request.input === 'string' ? [request.input] : request.input;
      const options = { dimensions: request.dimensions ?? undefined, inputType: request.input_type ?? undefined };
      const result = await embedTexts(deps, model, texts, options, scope.signal);
      const cache = result.cached ? 'hit' : 'miss';
      scope.record.set({ inputTokens: result.inputTokens, cache });
      return json(200, embeddingsResponse(model, result, request.encoding_format ?? 'float'), { 'x-cache': cache });
    },
  };
}
