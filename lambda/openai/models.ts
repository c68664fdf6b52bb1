import type { Config } from '../config';
import { NotFoundError } from '../errors';
import { baseModelId } from '../models/model-ref';
import { offeredModels } from '../models/resolve';

export interface OpenAIModel {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
}

/** The vendor part of a Bedrock model id (`anthropic.claude-…` → anthropic); aliases take their target's. */
function ownerOf(config: Config, id: string): string {
  const base = baseModelId(config.modelAliases[id] ?? id);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : 'bedrock';
}

const modelOf = (config: Config, id: string): OpenAIModel => ({ id, object: 'model', created: 0, owned_by: ownerOf(config, id) });

/** What this deployment offers, from configuration alone: no Bedrock control-plane call. */
export function listModels(config: Config): { object: 'list'; data: OpenAIModel[] } {
  return { object: 'list', data: offeredModels(config).map((id) => modelOf(config, id)) };
}

export function retrieveModel(config: Config, id: string): OpenAIModel {
  if (!offeredModels(config).includes(id)) throw new NotFoundError(`The model "${id}" is not offered by this proxy.`);
  return modelOf(config, id);
}
