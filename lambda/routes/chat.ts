import { type BedrockDeps, invokeChat, streamInvokeChat } from '../chat/invoke';
import { converse, streamConverse } from '../chat/converse';
import type { ChatEvent, ChatResult } from '../chat/events';
import { chatMessagesToConverse } from '../chat/messages';
import { ndjsonErrorLine, ndjsonLines } from '../chat/ndjson';
import { embedTexts } from '../embed/embed';
import { errorBody } from '../errors';
import { type HttpResponse, json, streamBody } from '../http';
import { describeError, type Logger } from '../logger';
import { resolveModel } from '../models/resolve';
import type { Route } from '../router';
import type { EmbedRequest } from '../schemas/chat';
import { parseChatRequest } from '../schemas/validate';

const NDJSON_HEADERS = {
  'content-type': 'application/x-ndjson',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** `POST /chat`: the original proxy's API, chat (raw payload or messages) and embed. */
export function chatRoute(deps: BedrockDeps, logger: Logger): Route {
  const { config } = deps;

  const answer = (model: string, result: ChatResult): HttpResponse =>
    json(200, { answer: result.text, usage: result.usage, model, stop_reason: result.stopReason });

  const ndjson = (events: AsyncIterable<ChatEvent>): HttpResponse => ({
    statusCode: 200,
    headers: NDJSON_HEADERS,
    body: streamBody(
      ndjsonLines(events),
      (error) => ndjsonErrorLine(errorBody(error)),
      (error) => logger.error('stream failed after it began', { code: error.details.code, cause: describeError(error.cause) }),
    ),
  });

  const embed = async (request: EmbedRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    const model = resolveModel(config, request.model, config.defaultEmbedModel);
    const texts = typeof request.text === 'string' ? [request.text] : request.text;
    const result = await embedTexts(
      deps,
      model,
      texts,
      { dimensions: request.dimensions, normalize: request.normalize, inputType: request.input_type },
      signal,
    );
    const dimensions = result.vectors[0]?.length ?? 0;
    const usage = { input_tokens: result.inputTokens };
    return typeof request.text === 'string'
      ? json(200, { embedding: result.vectors[0], dimensions, model, usage })
      : json(200, { embeddings: result.vectors, dimensions, model, usage });
  };

  return {
    method: 'POST',
    path: '/chat',
    body: true,
    run: async ({ body, signal }) => {
      const parsed = parseChatRequest(body);
      if (parsed.kind === 'embed') return embed(parsed.request, signal);
      const { request } = parsed;
      const model = resolveModel(config, request.model, config.defaultModel);
      if (parsed.kind === 'payload') {
        return request.stream
          ? ndjson(await streamInvokeChat(deps, model, parsed.request.payload, signal))
          : answer(model, await invokeChat(deps, model, parsed.request.payload, signal));
      }
      const spec = chatMessagesToConverse(model, parsed.request);
      return request.stream
        ? ndjson(await streamConverse(deps, spec, signal))
        : answer(model, await converse(deps, spec, signal));
    },
  };
}
