import type { EmbedDeps } from '../embed/embed';
import { json } from '../http';
import { embeddingsResponse } from '../openai/embeddings';
import { EmbeddingsRequest } from '../openai/embeddings-schema';
import type { RouteInput } from '../router';
import { parseWith } from '../schemas/validate';
import { embedForRequest, requestModel } from './steps';

/** What `POST /v1/embeddings` runs: imported on its first request (`openai-embeddings.ts`). */
export async function embeddings(deps: EmbedDeps, { body, scope }: RouteInput) {
  const request = parseWith(EmbeddingsRequest, body);
  const model = requestModel(deps.config, scope, body, request.model, deps.config.defaultEmbedModel);
  const texts = typeof request.input === 'string' ? [request.input] : request.input;
  const options = { dimensions: request.dimensions ?? undefined, inputType: request.input_type ?? undefined };
  const { result, headers } = await embedForRequest(deps, scope, model, texts, options);
  return json(200, embeddingsResponse(model, result, request.encoding_format ?? 'float'), headers);
}
