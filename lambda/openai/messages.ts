import type { ContentBlock, Message } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { BadRequestError } from '../errors';
import { assertJsonLimits } from '../schemas/limits';
import type { OpenAIMessage } from './chat-schema';
import { imageBlock } from './images';

export interface ConverseConversation {
  readonly system: string[];
  readonly messages: Message[];
}

type Turn = { role: 'user' | 'assistant'; content: ContentBlock[] };

const joinText = (content: string | readonly { text: string }[]): string =>
  typeof content === 'string' ? content : content.map((part) => part.text).join('');

function parseArguments(text: string, param: string): DocumentType {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch (cause) {
    throw new BadRequestError('Tool-call arguments must be a JSON text.', { param, code: 'invalid_tool_arguments', cause });
  }
  // The body's limits, inside the string too: the SDK serializes these arguments recursively.
  assertJsonLimits(value, 'Tool-call arguments', param);
  return value as DocumentType;
}

function userBlocks(message: Extract<OpenAIMessage, { role: 'user' }>, at: string): ContentBlock[] {
  if (typeof message.content === 'string') return [{ text: message.content }];
  return message.content.map((part, j): ContentBlock => {
    if (part.type === 'text') return { text: part.text };
    if (part.type === 'image_url') return { image: imageBlock(part.image_url.url, `${at}.content.${j}.image_url.url`) };
    throw new BadRequestError(`Content parts of type "${part.type}" are not supported; send text or image_url.`, {
      param: `${at}.content.${j}.type`,
      code: 'unsupported_content',
    });
  });
}

function assistantBlocks(message: Extract<OpenAIMessage, { role: 'assistant' }>, at: string): ContentBlock[] {
  const content = message.content ?? '';
  const written = typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
  const text = written + (message.refusal ?? '');
  // Bedrock refuses blank text blocks; an assistant turn that only calls tools has none.
  const blocks: ContentBlock[] = text.trim() ? [{ text }] : [];
  for (const [j, call] of (message.tool_calls ?? []).entries()) {
    const input = parseArguments(call.function.arguments, `${at}.tool_calls.${j}.function.arguments`);
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input } });
  }
  // Converse refuses an empty turn, and leaving it out would merge the turns around it.
  if (blocks.length === 0) {
    throw new BadRequestError('An assistant message needs content or tool_calls; Bedrock refuses an empty turn.', {
      param: `${at}.content`,
      code: 'empty_message',
    });
  }
  return blocks;
}

function turnOf(message: OpenAIMessage, at: string): Turn | undefined {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: userBlocks(message, at) };
    case 'assistant':
      return { role: 'assistant', content: assistantBlocks(message, at) };
    case 'tool':
      return {
        role: 'user',
        content: [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: joinText(message.content) }] } }],
      };
    default:
      return undefined;
  }
}

/**
 * OpenAI messages as a Converse conversation. System and developer messages become `system`
 * (wherever they stand); tool results travel in a user turn; consecutive turns of one role are
 * merged, because Converse requires user and assistant to alternate.
 */
export function toConverseConversation(messages: readonly OpenAIMessage[]): ConverseConversation {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const [i, message] of messages.entries()) {
    if (message.role === 'system' || message.role === 'developer') {
      system.push(joinText(message.content));
      continue;
    }
    const turn = turnOf(message, `messages.${i}`);
    if (!turn) continue;
    const last = turns.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  }
  return { system, messages: turns };
}
