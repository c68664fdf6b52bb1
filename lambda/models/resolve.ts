import type { Caller } from '../auth/api-keys';
import type { Config } from '../config';
import { HttpError } from '../errors';

/**
 * The Bedrock model a request will use: the caller's name (or the default), with aliases
 * applied. A model outside the deployment's allow-list, or outside the caller's key's list, is
 * refused (403) before any Bedrock call. The configured defaults are always allowed.
 */
export function resolveModel(config: Config, requested: string | undefined, fallback: string, caller?: Caller): string {
  const name = requested ?? fallback;
  const { model, deploymentAllows, keyAllows } = modelAllowance(config, name, caller);
  if (!deploymentAllows || !keyAllows) {
    throw new HttpError(403, 'permission_error', `The model "${name}" is not enabled for this ${deploymentAllows ? 'API key' : 'proxy'}.`, {
      code: 'model_not_allowed',
      param: 'model',
    });
  }
  return model;
}

/** What `name` stands for, and whether the deployment and the caller's key allow it. */
export function modelAllowance(config: Config, name: string, caller?: Caller) {
  const model = aliasTarget(config, name);
  // The list may name a model or an alias; an alias of a listed model is allowed too. Both
  // defaults always are (a default may itself be an alias: compare what it stands for), whichever
  // task asks: the chat model named for an embedding is the embedding route's 400, not a 403.
  const deploymentAllows =
    config.allowedModels.length === 0 ||
    config.allowedModels.includes(model) ||
    config.allowedModels.includes(name) ||
    model === aliasTarget(config, config.defaultModel) ||
    model === aliasTarget(config, config.defaultEmbedModel);
  const keyAllows = !caller?.models || caller.models.includes(model) || caller.models.includes(name);
  return { model, deploymentAllows, keyAllows };
}

/** What `name` stands for: an alias's model, or the name itself (never an Object.prototype member such as "constructor"). */
export function aliasTarget(config: Config, name: string): string {
  return Object.hasOwn(config.modelAliases, name) ? (config.modelAliases[name] as string) : name;
}

/** The models this deployment offers, for listings: the allow-list, defaults and aliases. */
export function offeredModels(config: Config): string[] {
  return [...new Set([...config.allowedModels, config.defaultModel, config.defaultEmbedModel, ...Object.keys(config.modelAliases)])];
}
