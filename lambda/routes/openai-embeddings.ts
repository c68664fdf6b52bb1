import type { EmbedDeps } from '../embed/embed';
import { onFirstUse } from '../first-use';
import { json } from '../http';
import { embeddingsResponse } from '../openai/embeddings';
import type { Route } from '../router';
import { parseWith } from '../schemas/validate';
import { embedForRequest, requestModel } from './steps';

/** `POST /v1/embeddings` over the same Titan / Cohere / Nova calls (and cache) as /chat's embed mode; its schema loads on first use, as /v1/chat/completions' does. */
export function openAIEmbeddingsRoute(deps: EmbedDeps): Route {
  const schema = onFirstUse(async () => (await import('../openai/embeddings-schema')).EmbeddingsRequest);
  return {
    method: 'POST',
    path: '/v1/embeddings',
    body: true,
    run: async ({ body, scope }) => {
      const request = parseWith(await schema(), body);
      const model = requestModel(deps.config, scope, body, request.model, deps.config.defaultEmbedModel);
      const texts = typeof request.input === 'string' ? [request.input] : request.input;
      const options = { dimensions: request.dimensions ?? undefined, inputType: request.input_type ?? undefined };
      const { result, headers } = await embedForRequest(deps, scope, model, texts, options);
      return json(200, embeddingsResponse(model, result, request.encoding_format ?? 'float'), headers);
    },
  };
}
