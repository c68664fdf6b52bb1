import type { Config } from '../config';
import { HttpError } from '../errors';

/**
 * The Bedrock model a request will use: the caller's name (or the default), with aliases
 * applied; a model outside the deployment's allow-list is refused (403) before any Bedrock call.
 */
export function resolveModel(config: Config, requested: string | undefined, fallback: string): string {
  const name = requested ?? fallback;
  const model = config.modelAliases[name] ?? name;
  if (config.allowedModels.length > 0 && !config.allowedModels.includes(model) && model !== fallback) {
    throw new HttpError(403, 'permission_error', `The model "${name}" is not enabled on this proxy.`, {
      code: 'model_not_allowed',
      param: 'model',
    });
  }
  return model;
}

/** The models this deployment offers, for listings: the allow-list, defaults and aliases. */
export function offeredModels(config: Config): string[] {
  return [
    ...new Set([
      ...config.allowedModels,
      config.defaultModel,
      config.defaultEmbedModel,
      ...Object.keys(config.modelAliases),
    ]),
  ];
}
