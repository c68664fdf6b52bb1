import type { Caller } from '../auth/api-keys';
import type { Config } from '../config';
import { NotFoundError } from '../errors';
import { baseModelId } from '../models/model-ref';
import { aliasTarget, modelAllowance, offeredModels } from '../models/resolve';

export interface OpenAIModel {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
}

/** The vendor part of a Bedrock model id (`anthropic.claude-…` → anthropic); aliases take their target's. */
function ownerOf(config: Config, id: string): string {
  const base = baseModelId(aliasTarget(config, id));
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : 'bedrock';
}

const modelOf = (config: Config, id: string): OpenAIModel => ({ id, object: 'model', created: 0, owned_by: ownerOf(config, id) });

/** Whether the routes would accept `name` from `caller`: the check resolveModel makes, so the list never offers what a route refuses. */
function mayUse(config: Config, name: string, caller: Caller | undefined): boolean {
  const { deploymentAllows, keyAllows } = modelAllowance(config, name, caller);
  return deploymentAllows && keyAllows;
}

/** The names a listing considers: the deployment's named models and the key's own list. */
function namedModels(config: Config, caller: Caller | undefined): string[] {
  return [...new Set([...offeredModels(config), ...(caller?.models ?? [])])];
}

/** What this caller may use, from configuration and its key alone: no Bedrock control-plane call. */
export function listModels(config: Config, caller: Caller | undefined): { object: 'list'; data: OpenAIModel[] } {
  const usable = namedModels(config, caller).filter((id) => mayUse(config, id, caller));
  return { object: 'list', data: usable.map((id) => modelOf(config, id)) };
}

/**
 * Only a listed id answers 200: with no ALLOWED_MODELS any id passes resolveModel, but which of
 * them Bedrock serves is not known here, so an unnamed one stays a 404.
 */
export function retrieveModel(config: Config, id: string, caller: Caller | undefined): OpenAIModel {
  if (!namedModels(config, caller).includes(id) || !mayUse(config, id, caller))
    throw new NotFoundError(`The model "${id}" is not offered by this proxy.`);
  return modelOf(config, id);
}
