import type { BedrockDeps } from '../bedrock-call';
import { onFirstUse } from '../first-use';
import type { Logger } from '../logger';
import type { Route } from '../router';

/**
 * `POST /v1/chat/completions` over Converse / ConverseStream: the same Bedrock path as /chat `messages`.
 * What it runs, with the OpenAI schemas and mapping, is imported on the first request (esbuild
 * makes it a file of its own): a cold start that serves anything else neither reads nor builds it.
 */
export function openAIChatRoute(deps: BedrockDeps, logger: Logger): Route {
  const completions = onFirstUse(() => import('./openai-chat-completions'));
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    body: true,
    run: async (input) => (await completions()).chatCompletions(deps, logger, input),
  };
}
