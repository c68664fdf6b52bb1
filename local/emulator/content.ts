import { asArray, asObject, isObject } from './json';

/** What the emulator "sees" in one message: its text and image parts, in order. */
export interface MessageParts {
  readonly role: string;
  readonly texts: readonly string[];
  readonly toolResults: readonly string[];
}

export function describeImage(format: string, base64: string): string {
  return `I see an image (${format}, ${Buffer.from(base64, 'base64').length} bytes).`;
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Text of a toolResult's content list: `[{text}|{json}]` (Converse) or a string / `[{type:'text'}]` (Claude). */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => asObject(block))
    .map((block) => (typeof block['text'] === 'string' ? block['text'] : block['json'] !== undefined ? stringify(block['json']) : ''))
    .filter((text) => text.length > 0)
    .join(' ');
}

/** Converse / Nova content blocks: `{text} | {image:{format,source:{bytes}}} | {toolResult} | …`. */
export function converseParts(message: unknown): MessageParts {
  const { role, content } = asObject(message);
  const texts: string[] = [];
  const toolResults: string[] = [];
  for (const block of asArray(content).map(asObject)) {
    if (typeof block['text'] === 'string') texts.push(block['text']);
    const image = asObject(block['image']);
    const bytes = asObject(image['source'])['bytes'];
    if (typeof bytes === 'string') texts.push(describeImage(String(image['format'] ?? 'unknown'), bytes));
    if (isObject(block['toolResult'])) toolResults.push(toolResultText(block['toolResult']['content']));
  }
  return { role: String(role ?? ''), texts, toolResults };
}

/** Claude Messages / OpenAI-style content: a string, or typed blocks. */
export function typedParts(message: unknown): MessageParts {
  const { role, content } = asObject(message);
  if (typeof content === 'string') return { role: String(role ?? ''), texts: [content], toolResults: [] };
  const texts: string[] = [];
  const toolResults: string[] = [];
  for (const block of asArray(content).map(asObject)) {
    if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
    const source = asObject(block['source']);
    if (block['type'] === 'image' && typeof source['data'] === 'string') {
      texts.push(describeImage(String(source['media_type'] ?? 'image/unknown').replace('image/', ''), source['data']));
    }
    if (block['type'] === 'tool_result') toolResults.push(toolResultText(block['content']));
  }
  return { role: String(role ?? ''), texts, toolResults };
}

export interface Conversation {
  /** The last user message's text parts joined with a space. */
  readonly prompt: string;
  /** Every text of the request, for the token count. */
  readonly inputText: string;
  /** Tool results of the last user message, if it carries any. */
  readonly toolResults: readonly string[];
}

export function conversation(messages: readonly MessageParts[], system: readonly string[] = []): Conversation {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const everything = [...system, ...messages.flatMap((message) => [...message.texts, ...message.toolResults])];
  const last = messages.at(-1);
  return {
    prompt: lastUser?.texts.join(' ') ?? '',
    inputText: everything.join(' '),
    toolResults: last?.role === 'user' ? last.toolResults : [],
  };
}

export function systemTexts(system: unknown): string[] {
  if (typeof system === 'string') return [system];
  return asArray(system)
    .map((block: unknown) => asObject(block)['text'])
    .filter((text): text is string => typeof text === 'string');
}
