import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { invalidUpstreamBody } from '../errors';
import type { Usage } from './events';

/**
 * Checks on what Converse and ConverseStream answer. The SDK shapes an answer by the operation's
 * schema but does not check the types of its members, so an endpoint that answers otherwise than
 * Bedrock documents (another Bedrock-compatible one, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`) would send
 * a number on as text, a string on as a token count, or make the mapping fail as our 500. Each of
 * these makes it Bedrock's fault instead: 502 `invalid_upstream_body`, or the stream's in-band
 * error once it has started (test/proxy/converse-shape.test.ts).
 */
const unreadable = (name: string, kind: string) =>
  invalidUpstreamBody(`Bedrock returned a Converse answer this proxy cannot read: "${name}" is not ${kind}.`);

/** A member that is a string when present. */
export function optionalText(value: unknown, name: string): string | undefined {
  if (value == null || typeof value === 'string') return value ?? undefined;
  throw unreadable(name, 'a string');
}

/** A token count or a content block's index: 0 when absent. */
export function count(value: unknown, name: string): number {
  if (value == null) return 0;
  if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
  throw unreadable(name, 'a count');
}

/** Converse's `usage` in the /chat API's shape. */
export function usageOf(usage: { inputTokens?: unknown; outputTokens?: unknown } | undefined): Usage {
  return { input_tokens: count(usage?.inputTokens, 'inputTokens'), output_tokens: count(usage?.outputTokens, 'outputTokens') };
}

/** A message's content: a list of objects whose text and tool-call members have their types. */
export function contentBlocks(content: unknown): ContentBlock[] {
  if (content == null) return [];
  if (!Array.isArray(content)) throw unreadable('content', 'a list');
  for (const block of content as Record<string, { [name: string]: unknown } | undefined>[]) {
    if (typeof block !== 'object' || block === null) throw unreadable('content', 'a list of objects');
    optionalText(block.text, 'text');
    optionalText((block.reasoningContent?.reasoningText as { text?: unknown } | undefined)?.text, 'reasoningText');
    const tool = block.toolUse;
    if (tool != null && typeof tool !== 'object') throw unreadable('toolUse', 'an object');
    optionalText(tool?.toolUseId, 'toolUseId');
    optionalText(tool?.name, 'name');
  }
  return content as ContentBlock[];
}
