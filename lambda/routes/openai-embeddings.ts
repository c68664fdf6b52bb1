import type { EmbedDeps } from '../embed/embed';
import { onFirstUse } from '../first-use';
import type { Route } from '../router';

/**
 * `POST /v1/embeddings` over the same Titan / Cohere / Nova calls (and cache) as /chat's embed
 * mode. What it runs, with its schema, is imported on the first request, as /v1/chat/completions' is.
 */
export function openAIEmbeddingsRoute(deps: EmbedDeps): Route {
  const run = onFirstUse(() => import('./openai-embeddings-run'));
  return {
    method: 'POST',
    path: '/v1/embeddings',
    body: true,
    run: async (input) => (await run()).embeddings(deps, input),
  };
}
