import type { BedrockDeps } from '../bedrock-call';
import { converse, streamConverse } from '../chat/converse';
import type { ChatResult, ChatStream } from '../chat/events';
import { invokeChat, streamInvokeChat } from '../chat/invoke';
import { chatMessagesToConverse } from '../chat/messages';
import { ndjsonErrorLine, ndjsonFormat } from '../chat/ndjson';
import { chatText } from '../chat/stream-text';
import type { EmbedDeps } from '../embed/embed';
import { type HttpResponse, json } from '../http';
import type { Logger } from '../logger';
import type { Route } from '../router';
import type { EmbedRequest } from '../schemas/chat';
import { parseChatRequest } from '../schemas/validate';
import type { RequestScope } from '../scope';
import { embedForRequest, noteAnswer, requestModel, streamResponse } from './steps';

const NDJSON_HEADERS = {
  'content-type': 'application/x-ndjson',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** `POST /chat`: the original proxy's API, chat (raw payload or messages) and embed. */
export function chatRoute(deps: BedrockDeps & EmbedDeps, logger: Logger): Route {
  const { config } = deps;

  const answer = (scope: RequestScope, model: string, result: ChatResult): HttpResponse => {
    noteAnswer(scope, result);
    // A raw payload's answer keeps Bedrock's own usage fields (Nova's inputTokens, Claude's cache
    // counts), as the original proxy returned them, beside the two counts every answer has.
    const usage = { ...result.bedrockUsage, ...result.usage };
    return json(200, { answer: result.text, usage, model, stop_reason: result.stopReason });
  };

  const ndjson = (scope: RequestScope, stream: ChatStream): HttpResponse =>
    streamResponse(scope, logger, NDJSON_HEADERS, chatText(stream, scope.record, ndjsonFormat), ndjsonErrorLine);

  const embed = async (request: EmbedRequest, body: unknown, scope: RequestScope): Promise<HttpResponse> => {
    const model = requestModel(config, scope, body, request.model, config.defaultEmbedModel);
    const texts = typeof request.text === 'string' ? [request.text] : request.text;
    const options = { dimensions: request.dimensions, normalize: request.normalize, inputType: request.input_type };
    const { result, headers } = await embedForRequest(deps, scope, model, texts, options);
    const dimensions = result.vectors[0]?.length ?? 0;
    const usage = { input_tokens: result.inputTokens };
    return typeof request.text === 'string'
      ? json(200, { embedding: result.vectors[0], dimensions, model, usage }, headers)
      : json(200, { embeddings: result.vectors, dimensions, model, usage }, headers);
  };

  return {
    method: 'POST',
    path: '/chat',
    body: true,
    run: async ({ body, scope }) => {
      const parsed = parseChatRequest(body);
      if (parsed.kind === 'embed') return embed(parsed.request, body, scope);
      const { request } = parsed;
      const model = requestModel(config, scope, body, request.model, config.defaultModel);
      const { signal } = scope;
      if (parsed.kind === 'payload') {
        const { payload } = parsed.request;
        return request.stream
          ? ndjson(scope, await streamInvokeChat(deps, model, payload, signal))
          : answer(scope, model, await invokeChat(deps, model, payload, signal));
      }
      const spec = chatMessagesToConverse(model, parsed.request);
      return request.stream
        ? ndjson(scope, await streamConverse(deps, spec, signal))
        : answer(scope, model, await converse(deps, spec, signal));
    },
  };
}
