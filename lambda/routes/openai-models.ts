import type { Config } from '../config';
import { NotFoundError } from '../errors';
import { json } from '../http';
import { listModels, retrieveModel } from '../openai/models';
import { type Route, withoutTrailingSlashes } from '../router';

const PREFIX = '/v1/models/';

/** `GET /v1/models`: the models this caller may use (the deployment's allow-list and its key's). */
export function openAIModelsRoute(config: Config): Route {
  return { method: 'GET', path: '/v1/models', run: async ({ scope }) => json(200, listModels(config, scope.caller)) };
}

/** `GET /v1/models/{id}`; ids may be ARNs, so the rest of the path, URL-decoded, is the id. */
export function openAIModelRoute(config: Config): Route {
  return {
    method: 'GET',
    path: `${PREFIX}*`,
    run: async ({ event, scope }) => {
      const raw = withoutTrailingSlashes(event.rawPath.slice(PREFIX.length));
      let id: string;
      try {
        id = decodeURIComponent(raw);
      } catch {
        throw new NotFoundError(`No model "${raw}".`);
      }
      return json(200, retrieveModel(config, id, scope.caller));
    },
  };
}
