export type TextFamilyName = 'anthropic' | 'nova' | 'titan-text' | 'llama' | 'mistral' | 'cohere-command-r' | 'deepseek' | 'openai-gpt-oss';

export type EmbeddingModelName =
  | 'titan-embed-text-v1'
  | 'titan-embed-text-v2'
  | 'cohere-embed-v3'
  | 'cohere-embed-v4'
  | 'nova-multimodal-embeddings';

export type ResolvedModel =
  | { readonly kind: 'text'; readonly family: TextFamilyName; readonly baseId: string }
  | { readonly kind: 'embedding'; readonly family: EmbeddingModelName; readonly baseId: string };

const PROVIDERS = new Set(['anthropic', 'amazon', 'meta', 'mistral', 'cohere', 'deepseek', 'openai']);

/** `arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID` or `…::foundation-model/ID` → `ID`. */
function stripArn(modelId: string): string {
  if (!modelId.startsWith('arn:')) return modelId;
  const resource = modelId.split(':').slice(5).join(':');
  return resource.slice(resource.indexOf('/') + 1);
}

/** `us.` / `eu.` / `apac.` / `global.` / any geo prefix of an inference profile → the model id. */
function stripGeoPrefix(modelId: string): string {
  const [first, second] = modelId.split('.');
  return first !== undefined && second !== undefined && !PROVIDERS.has(first) && PROVIDERS.has(second)
    ? modelId.slice(first.length + 1)
    : modelId;
}

export function baseModelId(modelId: string): string {
  return stripGeoPrefix(stripArn(modelId));
}

/** Ordered: the first matching prefix wins, so the more specific ones come first. */
const RULES: ReadonlyArray<readonly [string, ResolvedModel['kind'], TextFamilyName | EmbeddingModelName]> = [
  ['anthropic.claude', 'text', 'anthropic'],
  ['amazon.nova-2-multimodal-embeddings', 'embedding', 'nova-multimodal-embeddings'],
  ['amazon.nova-', 'text', 'nova'],
  ['amazon.titan-text-', 'text', 'titan-text'],
  ['amazon.titan-embed-text-v1', 'embedding', 'titan-embed-text-v1'],
  ['amazon.titan-embed-text-v2', 'embedding', 'titan-embed-text-v2'],
  ['meta.llama', 'text', 'llama'],
  ['mistral.', 'text', 'mistral'],
  ['cohere.command-r', 'text', 'cohere-command-r'],
  ['cohere.embed-english-v3', 'embedding', 'cohere-embed-v3'],
  ['cohere.embed-multilingual-v3', 'embedding', 'cohere-embed-v3'],
  ['cohere.embed-v4', 'embedding', 'cohere-embed-v4'],
  ['deepseek.', 'text', 'deepseek'],
  ['openai.gpt-oss-', 'text', 'openai-gpt-oss'],
];

export function resolveModel(modelId: string): ResolvedModel | undefined {
  const baseId = baseModelId(modelId);
  const rule = RULES.find(([prefix]) => baseId.startsWith(prefix));
  if (rule === undefined) return undefined;
  const [, kind, family] = rule;
  return { kind, family, baseId } as ResolvedModel;
}
