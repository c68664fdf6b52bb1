import { randomUUID } from 'node:crypto';
import type { BedrockDeps } from '../bedrock-call';
import { chatText } from '../chat/stream-text';
import { guardedConverse, guardedStreamConverse } from '../chat/tool-guard';
import { type HttpResponse, json } from '../http';
import type { Logger } from '../logger';
import { ChatCompletionRequest } from '../openai/chat-schema';
import { completionChunks } from '../openai/chunks';
import { type CompletionMeta, chatCompletion } from '../openai/completion';
import { SSE_HEADERS, sseError, sseFormat } from '../openai/sse';
import { toConverseSpec } from '../openai/to-converse';
import type { RouteInput } from '../router';
import { parseWith } from '../schemas/validate';
import { noteAnswer, requestModel, streamResponse } from './steps';

/**
 * What `POST /v1/chat/completions` runs (routes/openai-chat.ts imports this module on the route's
 * first request): the OpenAI request's schema and its mapping to and from Converse.
 */
export async function chatCompletions(deps: BedrockDeps, logger: Logger, { body, scope }: RouteInput): Promise<HttpResponse> {
  const request = parseWith(ChatCompletionRequest, body);
  const model = requestModel(deps.config, scope, body, request.model, deps.config.defaultModel);
  const { spec, outputTool } = toConverseSpec(model, request);
  const meta: CompletionMeta = { id: `chatcmpl-${randomUUID().replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model };
  if (!request.stream) {
    const result = await guardedConverse(deps, spec, scope.signal);
    noteAnswer(scope, result);
    return json(200, chatCompletion(meta, result, outputTool));
  }
  // Awaited before the status goes out, so a refused request still gets its honest status.
  const stream = await guardedStreamConverse(deps, spec, scope.signal);
  const chunks = completionChunks(meta, { includeUsage: request.stream_options?.include_usage === true, outputTool });
  return streamResponse(scope, logger, SSE_HEADERS, chatText(stream, scope.record, sseFormat(chunks)), sseError);
}
