import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { ChatMessage, MessagesChatRequest } from '../schemas/chat';
import type { ConverseSpec } from './converse';

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string' ? content : content.map((part) => part.text).join('');

/** Maps the /chat `messages` mode to a Converse request: system turns join `system`. */
export function chatMessagesToConverse(model: string, request: MessagesChatRequest): ConverseSpec {
  const system = [
    ...(request.system ? [request.system] : []),
    ...request.messages.filter((message) => message.role === 'system').map((message) => textOf(message.content)),
  ];
  const messages: Message[] = request.messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({
      role: message.role === 'assistant' ? 'assistant' : 'user',
      content: [{ text: textOf(message.content) }],
    }));
  return {
    model,
    system,
    messages,
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    stop: request.stop === undefined ? undefined : typeof request.stop === 'string' ? [request.stop] : request.stop,
  };
}
