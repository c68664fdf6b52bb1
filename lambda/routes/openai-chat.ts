import { randomUUID } from 'node:crypto';
import type { BedrockDeps } from '../bedrock-call';
import { converse, streamConverse } from '../chat/converse';
import { chatText } from '../chat/stream-text';
import { json } from '../http';
import type { Logger } from '../logger';
import { completionChunks } from '../openai/chunks';
import { type CompletionMeta, chatCompletion } from '../openai/completion';
import { SSE_HEADERS, sseError, sseFormat } from '../openai/sse';
import { toConverseSpec } from '../openai/to-converse';
import type { Route } from '../router';
import { parseWith } from '../schemas/validate';
import { noteAnswer, requestModel, streamResponse } from './steps';

/**
 * `POST /v1/chat/completions` over Converse / ConverseStream: the same Bedrock path as /chat `messages`.
 * Its schema module is imported on the first request (esbuild makes it a module that runs on first
 * use): building the OpenAI schemas takes about 4 ms of a cold start that serves anything else.
 */
export function openAIChatRoute(deps: BedrockDeps, logger: Logger): Route {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    body: true,
    run: async ({ body, scope }) => {
      const request = parseWith((await import('../openai/chat-schema')).ChatCompletionRequest, body);
      const model = requestModel(deps.config, scope, body, request.model, deps.config.defaultModel);
      const { spec, outputTool } = toConverseSpec(model, request);
      const meta: CompletionMeta = { id: `chatcmpl-${randomUUID().replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model };
      if (!request.stream) {
        const result = await converse(deps, spec, scope.signal);
        noteAnswer(scope, result);
        return json(200, chatCompletion(meta, result, outputTool));
      }
      // Awaited before the status goes out, so a refused request still gets its honest status.
      const stream = await streamConverse(deps, spec, scope.signal);
      const chunks = completionChunks(meta, { includeUsage: request.stream_options?.include_usage === true, outputTool });
      return streamResponse(scope, logger, SSE_HEADERS, chatText(stream, scope.record, sseFormat(chunks)), sseError);
    },
  };
}
