import type { EmbedDeps } from '../embed/embed';
import type { Logger } from '../logger';
import type { Route } from '../router';
import { openAIChatRoute } from './openai-chat';
import { openAIEmbeddingsRoute } from './openai-embeddings';
import { openAIModelRoute, openAIModelsRoute } from './openai-models';

/** The OpenAI-compatible API under /v1 (docs/openai.md). */
export function openAIRoutes(deps: EmbedDeps, logger: Logger): Route[] {
  return [openAIChatRoute(deps, logger), openAIEmbeddingsRoute(deps), openAIModelsRoute(deps.config), openAIModelRoute(deps.config)];
}
