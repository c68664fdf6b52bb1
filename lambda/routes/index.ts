import type { EmbedDeps } from '../embed/embed';
import type { Logger } from '../logger';
import type { Route } from '../router';
import { chatRoute } from './chat';
import { docsRoutes } from './docs';
import { healthRoute } from './health';
import { openAIRoutes } from './openai';
import { playgroundRoutes } from './playground';

/** Every route the handler serves; /openapi.json documents each one (the tests hold them together). */
export function allRoutes(deps: EmbedDeps, logger: Logger): Route[] {
  return [healthRoute, chatRoute(deps, logger), ...openAIRoutes(deps, logger), ...playgroundRoutes, ...docsRoutes()];
}
