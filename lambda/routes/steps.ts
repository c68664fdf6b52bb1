import type { Config } from '../config';
import { type EmbedDeps, type EmbedResult, embedTexts } from '../embed/embed';
import type { EmbedOptions } from '../models/embed-families';
import { resolveModel } from '../models/resolve';
import type { RequestScope } from '../scope';

/**
 * The model a validated request will use (aliases applied; outside an allow-list: 403), noted on
 * the request record with the prompt when LOG_CONTENT is on. Shared by every model route.
 */
export function requestModel(config: Config, scope: RequestScope, body: unknown, requested: string | undefined, fallback: string): string {
  if (scope.record.logContent) scope.record.set({ prompt: JSON.stringify(body) });
  const model = resolveModel(config, requested, fallback, scope.caller);
  scope.record.set({ model });
  return model;
}

/** Embeds through the instance cache; notes tokens and the cache outcome, which `x-cache` tells the caller. */
export async function embedForRequest(
  deps: EmbedDeps,
  scope: RequestScope,
  model: string,
  texts: readonly string[],
  options: EmbedOptions,
): Promise<{ result: EmbedResult; headers: Record<string, string> }> {
  const result = await embedTexts(deps, model, texts, options, scope.signal);
  const cache = result.cached ? 'hit' : 'miss';
  scope.record.set({ inputTokens: result.inputTokens, cache });
  return { result, headers: { 'x-cache': cache } };
}
