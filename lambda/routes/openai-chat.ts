import type { BedrockDeps } from '../bedrock-call';
import type { Logger } from '../logger';
import type { Route } from '../router';

/**
 * `POST /v1/chat/completions` over Converse / ConverseStream: the same Bedrock path as /chat `messages`.
 * What it runs, with the OpenAI schemas and mapping, is imported on the first request (esbuild
 * makes it a file of its own): a cold start that serves anything else neither reads nor builds it.
 */
export function openAIChatRoute(deps: BedrockDeps, logger: Logger): Route {
  // The module once loaded: an import() of a loaded module still costs about 15 µs per request.
  // Not the promise, so that an import that failed is tried again.
  let loaded: typeof import('./openai-chat-completions') | undefined;
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    body: true,
    run: async (input) => {
      loaded ??= await import('./openai-chat-completions');
      return loaded.chatCompletions(deps, logger, input);
    },
  };
}
