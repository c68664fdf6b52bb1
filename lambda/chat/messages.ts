import type { OpenAIMessage } from '../openai/chat-schema';
import { toConverseConversation } from '../openai/messages';
import type { ChatMessage, MessagesChatRequest } from '../schemas/chat';
import { type ConverseSpec, stopSequences } from './converse';

/** A /chat message is a text-only OpenAI message: the two APIs share one conversation mapping. */
function asOpenAIMessage({ role, content }: ChatMessage): OpenAIMessage {
  const parts = typeof content === 'string' ? content : content.map((part) => ({ type: 'text' as const, text: part.text }));
  switch (role) {
    case 'system':
      return { role, content: parts };
    case 'user':
      return { role, content: parts };
    case 'assistant':
      return { role, content: parts };
  }
}

/**
 * Maps the /chat `messages` mode to a Converse request through the same conversation mapping as
 * /v1/chat/completions: system turns join `system`, consecutive turns of one role are merged.
 */
export function chatMessagesToConverse(model: string, request: MessagesChatRequest): ConverseSpec {
  const conversation = toConverseConversation(request.messages.map(asOpenAIMessage));
  return {
    model,
    system: [...(request.system ? [request.system] : []), ...conversation.system],
    messages: conversation.messages,
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    stop: stopSequences(request.stop),
  };
}
