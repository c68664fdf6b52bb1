import type { ChatResult } from '../chat/events';
import type { Config } from '../config';
import { type EmbedDeps, type EmbedResult, embedTexts } from '../embed/embed';
import { type ErrorBody, errorBody } from '../errors';
import { type BodySource, type HttpResponse, streamBody } from '../http';
import { describeError, type Logger } from '../logger';
import type { EmbedOptions } from '../models/embed-families';
import { resolveModel } from '../models/resolve';
import type { RequestScope } from '../scope';

/**
 * The model a validated request will use (aliases applied; outside an allow-list: 403), noted on
 * the request record with the prompt when LOG_CONTENT is on. Shared by every model route.
 */
export function requestModel(config: Config, scope: RequestScope, body: unknown, requested: string | undefined, fallback: string): string {
  if (scope.record.logContent) scope.record.set({ prompt: JSON.stringify(body) });
  // Named before it is checked: a request refused for its model is logged with the name it asked for.
  scope.record.set({ model: requested ?? fallback });
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
  const result = await embedTexts(deps, model, texts, options, scope.signal, scope.caller?.name);
  const cache = result.cached ? 'hit' : 'miss';
  scope.record.set({ inputTokens: result.inputTokens, cache });
  return { result, headers: { 'x-cache': cache } };
}

/**
 * Notes a finished answer on the request record: usage, stop reason, and with LOG_CONTENT the text
 * and any tool input (JSON mode's answer is a tool's input).
 */
export function noteAnswer(
  scope: RequestScope,
  result: ChatResult & { readonly toolCalls?: readonly { readonly input: unknown }[] },
): void {
  scope.record.usage(result.usage, result.stopReason);
  if (!scope.record.logContent) return;
  scope.record.completionText(result.text);
  for (const call of result.toolCalls ?? []) scope.record.completionText(JSON.stringify(call.input));
}

/**
 * A 200 response that streams `source` as it comes. A failure after the first byte is rendered
 * in-band by `renderError` (the status is already sent), logged with its cause, and ends the stream.
 */
export function streamResponse(
  scope: RequestScope,
  logger: Logger,
  headers: Record<string, string>,
  source: BodySource,
  renderError: (body: ErrorBody) => string,
): HttpResponse {
  return {
    statusCode: 200,
    headers,
    body: streamBody(
      source,
      (error) => renderError(errorBody(error)),
      (error) =>
        logger.error('stream failed after it began', {
          requestId: scope.record.requestId,
          code: error.details.code,
          cause: describeError(error.cause),
        }),
      scope,
    ),
  };
}
